package dev.acomp.cli;

import java.util.Arrays;

/** Medians and percentiles of a set of measurements, by linear interpolation between closest ranks. */
public final class Percentiles {
    private Percentiles() {
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** The {@code p}th percentile (0..100) of {@code values}, which are left as they are. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile outside 0..100: " + p);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }
}
