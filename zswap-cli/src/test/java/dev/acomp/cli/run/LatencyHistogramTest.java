package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final double[] PERCENTILES = {1, 10, 50, 90, 99, 99.9, 99.99, 100};

    /** The nearest-rank percentile of sorted values: the oracle. */
    private static long oracle(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long[] latencies(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            // Log-normal around 5 us with a long tail, as loads are, and a few very slow outliers.
            double v = Math.exp(8.5 + 1.2 * random.nextGaussian());
            values[i] = random.nextInt(1000) == 0 ? (long) (v * 1000) : (long) v;
        }
        return values;
    }

    @Test
    void percentilesMatchASortedArrayWithinTheBucketPrecision() {
        long[] values = latencies(200_000, 42);
        LatencyHistogram h = new LatencyHistogram();
        for (long v : values) {
            h.record(v);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double p : PERCENTILES) {
            long expected = oracle(sorted, p);
            long actual = h.percentile(p);
            assertTrue(actual >= expected && actual <= expected + expected / 64 + 1,
                    "p" + p + ": histogram " + actual + ", sorted array " + expected);
        }
        assertEquals(sorted[0], h.min());
        assertEquals(sorted[sorted.length - 1], h.max());
        assertEquals(values.length, h.count());
        assertEquals(Arrays.stream(values).average().orElseThrow(), h.mean(), 1e-6 * h.mean());
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 100; v++) {
            h.record(v);
        }
        assertEquals(49, h.percentile(50));
        assertEquals(98, h.percentile(99));
        assertEquals(99, h.percentile(100));
    }

    @Test
    void mergedHistogramsEqualOneOverAllValues() {
        long[] a = latencies(50_000, 1);
        long[] b = latencies(30_000, 2);
        LatencyHistogram ha = new LatencyHistogram();
        LatencyHistogram hb = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        for (long v : a) {
            ha.record(v);
            all.record(v);
        }
        for (long v : b) {
            hb.record(v);
            all.record(v);
        }
        ha.add(hb);

        assertEquals(all.count(), ha.count());
        for (double p : PERCENTILES) {
            assertEquals(all.percentile(p), ha.percentile(p), "p" + p);
        }
        for (int i = 0; i < all.bucketCount(); i++) {
            assertEquals(all.bucketCount(i), ha.bucketCount(i), "bucket " + i);
        }
    }

    @Test
    void bucketsTileTheValueRange() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i + 1 < h.bucketCount(); i++) {
            assertEquals(h.highestOf(i) + 1, h.lowestOf(i + 1), "bucket " + i);
            assertTrue(h.highestOf(i) - h.lowestOf(i) <= h.lowestOf(i) / 64, "bucket " + i + " too wide");
        }
    }

    @Test
    void weightedRecordsCountEachTime() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1000, 99);
        h.record(1_000_000, 1);
        assertEquals(100, h.count());
        assertTrue(h.percentile(99) <= 1000 + 1000 / 64);
        assertEquals(1_000_000, h.percentile(100), 1_000_000 / 64.0);
    }
}
