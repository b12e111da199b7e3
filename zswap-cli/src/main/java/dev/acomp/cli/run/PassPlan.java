package dev.acomp.cli.run;

/**
 * How a run goes over its pages, as {@code bench} does: one cold pass (timed, reported as cold), untimed
 * warm-up passes until the JIT has seen enough pages, then {@code steady} timed passes whose median is
 * the steady state. Every pass stores every page and loads in the access order, and is verified. The
 * same plan times the engine and the kernel's zram, so that they compare like for like.
 *
 * @param warmups untimed passes after the cold one
 * @param steady timed passes after the warm-up
 */
public record PassPlan(int warmups, int steady) {
    /** The cold pass and the warm-up together cover at least this many pages (unless capped). */
    static final int WARMUP_PAGES = 1 << 16;
    /** At most this many warm-up passes, so that a source of a few pages does not pass thousands of times. */
    static final int MAX_WARMUPS = 15;

    public PassPlan {
        if (warmups < 0 || steady < 1) {
            throw new IllegalArgumentException("a plan has warm-ups >= 0 and steady passes >= 1: " + warmups
                    + ", " + steady);
        }
    }

    /** The plan for {@code pages} pages and {@code steady} timed passes. */
    public static PassPlan of(int pages, int steady) {
        int warmups = (int) Math.min(MAX_WARMUPS, Math.max(0, (WARMUP_PAGES + pages - 1) / Math.max(1, pages) - 1));
        return new PassPlan(warmups, steady);
    }

    /** Every pass: the cold one, the warm-ups and the steady ones. */
    public int total() {
        return 1 + warmups + steady;
    }

    /** Whether pass {@code pass} (0-based, of {@link #total()}) is one of the timed steady passes. */
    public boolean isSteady(int pass) {
        return pass > warmups;
    }

    /** The first steady pass. */
    public int firstSteady() {
        return warmups + 1;
    }
}
