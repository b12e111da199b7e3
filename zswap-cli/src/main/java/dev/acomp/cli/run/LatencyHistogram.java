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

    /**
     * Everything a record writes lives in this one array, at least a cache line from either end: each
     * thread has its own histograms, written on every store and load, and the collector copies the
     * objects that survive next to each other, which would put two threads' counts on one line.
     */
    private static final int PAD = 8;
    private static final int TOTAL = PAD;
    private static final int MIN = PAD + 1;
    private static final int MAX = PAD + 2;
    private static final int SUM = PAD + 3;
    private static final int FIRST_BUCKET = PAD + 4;
    private final long[] cells = new long[FIRST_BUCKET + BUCKETS + PAD];

    public LatencyHistogram() {
        cells[MIN] = Long.MAX_VALUE;
    }

    /** Counts one latency. */
    public void record(long nanos) {
        record(nanos, 1);
    }

    /** Counts {@code times} latencies of {@code nanos} each (a folio's per-page share). */
    public void record(long nanos, long times) {
        long v = Math.max(0, nanos);
        long[] c = cells;
        c[FIRST_BUCKET + index(v)] += times;
        c[TOTAL] += times;
        c[SUM] += v * times;
        if (v < c[MIN]) {
            c[MIN] = v;
        }
        if (v > c[MAX]) {
            c[MAX] = v;
        }
    }

    /** Adds {@code other}'s counts to this one's. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            cells[FIRST_BUCKET + i] += other.cells[FIRST_BUCKET + i];
        }
        cells[TOTAL] += other.cells[TOTAL];
        cells[SUM] += other.cells[SUM];
        cells[MIN] = Math.min(cells[MIN], other.cells[MIN]);
        cells[MAX] = Math.max(cells[MAX], other.cells[MAX]);
    }

    /** Writes every count, exactly: a forked measurement hands its histograms back this way. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(BUCKETS);
        for (int i = PAD; i < FIRST_BUCKET + BUCKETS; i++) {
            out.writeLong(cells[i]);
        }
    }

    /** A histogram as {@link #writeTo} wrote it. */
    public static LatencyHistogram readFrom(DataInput in) throws IOException {
        if (in.readInt() != BUCKETS) {
            throw new IOException("a latency histogram of another layout");
        }
        LatencyHistogram h = new LatencyHistogram();
        for (int i = PAD; i < FIRST_BUCKET + BUCKETS; i++) {
            h.cells[i] = in.readLong();
        }
        return h;
    }

    public long count() {
        return cells[TOTAL];
    }

    public long max() {
        return cells[MAX];
    }

    public long min() {
        return count() == 0 ? 0 : cells[MIN];
    }

    public double mean() {
        return count() == 0 ? 0 : (double) cells[SUM] / count();
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
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += cells[FIRST_BUCKET + i];
            if (seen >= rank) {
                return Math.min(max(), Math.max(min(), highestOf(i)));
            }
        }
        return max();
    }

    /** How many buckets there are, for charts. */
    public int bucketCount() {
        return BUCKETS;
    }

    /** Values counted in bucket {@code i}. */
    public long bucketCount(int i) {
        return cells[FIRST_BUCKET + i];
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
