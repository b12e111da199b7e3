package dev.acomp.cli.run;

import java.util.Locale;

/** The order in which a run loads its pages back. */
public enum AccessPattern {
    /** Page 0, 1, 2, ... and around again. */
    SEQ,
    /** Uniformly random pages. */
    RANDOM,
    /** A few hot pages loaded often, most rarely: Zipf-distributed ranks over a shuffled page order. */
    ZIPF;

    /** The pattern named {@code name} (seq, random, zipf; any case). */
    public static AccessPattern parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("access pattern must be seq, random or zipf, not '" + name + "'", e);
        }
    }

    /** The label, as the command line names it. */
    @Override
    public String toString() {
        return label();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A generator of page indexes in {@code [0, pages)} in this pattern, reproducible from {@code seed}. */
    public AccessOrder order(int pages, long seed) {
        return switch (this) {
            case SEQ -> AccessOrder.sequential(pages, seed);
            case RANDOM -> AccessOrder.uniform(pages, seed);
            case ZIPF -> AccessOrder.zipf(pages, seed);
        };
    }
}
