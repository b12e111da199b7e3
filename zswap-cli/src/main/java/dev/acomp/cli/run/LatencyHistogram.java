package dev.acomp.cli.run;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Latencies in nanoseconds, counted in log-linear buckets (HdrHistogram's layout): values below
 * {@code 2^SUB_BITS} exactly, and above that {@code 2^(SUB_BITS-1)} buckets per power of two, so a
 * percentile is within 1/64 of the true value. Recording allocates nothing; one histogram per thread,
 * merged afterwards. Not thread-safe.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int HALF = SUB_COUNT / 2;
    /** Values up to 2^MAX_BITS ns (about 18 minutes); longer ones count in the last bucket. */
    private static final int MAX_BITS = 40;
    private static final int BUCKETS = SUB_COUNT + (MAX_BITS - SUB_BITS) * HALF;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;
    private double sum;

    /** Counts one latency. */
    public void record(long nanos) {
        record(nanos, 1);
    }

    /** Counts {@code times} latencies of {@code nanos} each (a folio's per-page share). */
    public void record(long nanos, long times) {
        long v = Math.max(0, nanos);
        counts[index(v)] += times;
        total += times;
        sum += (double) v * times;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /** Adds {@code other}'s counts to this one's. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Writes every count, exactly: a forked measurement hands its histograms back this way. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(BUCKETS);
        for (long c : counts) {
            out.writeLong(c);
        }
        out.writeLong(total);
        out.writeLong(min);
        out.writeLong(max);
        out.writeDouble(sum);
    }

    /** A histogram as {@link #writeTo} wrote it. */
    public static LatencyHistogram readFrom(DataInput in) throws IOException {
        if (in.readInt() != BUCKETS) {
            throw new IOException("a latency histogram of another layout");
        }
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < BUCKETS; i++) {
            h.counts[i] = in.readLong();
        }
        h.total = in.readLong();
        h.min = in.readLong();
        h.max = in.readLong();
        h.sum = in.readDouble();
        return h;
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    public long min() {
        return total == 0 ? 0 : min;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The {@code p}th percentile (0 < p <= 100) by nearest rank: the smallest recorded value at or below
     * which at least p% of the values lie, given as the highest value of its bucket (never above the
     * maximum). 0 when nothing was recorded.
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile outside (0, 100]: " + p);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, Math.max(min, highestOf(i)));
            }
        }
        return max;
    }

    /** How many buckets there are, for charts. */
    public int bucketCount() {
        return BUCKETS;
    }

    /** Values counted in bucket {@code i}. */
    public long bucketCount(int i) {
        return counts[i];
    }

    /** The lowest value bucket {@code i} holds. */
    public long lowestOf(int i) {
        if (i < SUB_COUNT) {
            return i;
        }
        int shift = (i - SUB_COUNT) / HALF + 1;
        long sub = HALF + (i - SUB_COUNT) % HALF;
        return sub << shift;
    }

    /** The highest value bucket {@code i} holds. */
    public long highestOf(int i) {
        return i + 1 < BUCKETS ? lowestOf(i + 1) - 1 : Long.MAX_VALUE;
    }

    private static int index(long v) {
        if (v < SUB_COUNT) {
            return (int) v;
        }
        int shift = 64 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        int i = SUB_COUNT + (shift - 1) * HALF + (int) (v >>> shift) - HALF;
        return Math.min(i, BUCKETS - 1);
    }
}
