package dev.acomp.zswap.writeback.internal;

/**
 * The backing file's sector map: one bit per sector, runs of contiguous sectors allocated first-fit
 * from a rotating hint (next-fit), so successive writes fill the file forward instead of crowding its
 * start. Every method holds the bitmap's own lock, which guards nothing else.
 */
public final class SlotBitmap {
    private final long[] words;
    private final int sectors;
    private int free;
    private int hint;

    public SlotBitmap(int sectors) {
        if (sectors < 1) {
            throw new IllegalArgumentException("sectors must be positive: " + sectors);
        }
        this.sectors = sectors;
        this.words = new long[(sectors + 63) >>> 6];
        this.free = sectors;
    }

    public int sectors() {
        return sectors;
    }

    public synchronized int freeSectors() {
        return free;
    }

    /** The first sector of a newly allocated run of {@code count} sectors, or -1 when there is none. */
    public synchronized int allocate(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("sector count must be positive: " + count);
        }
        if (count > free) {
            return -1;
        }
        int start = findRun(hint, sectors, count);
        if (start < 0) {
            // Wrapped: runs that start before the hint, including one that crosses it.
            start = findRun(0, Math.min(sectors, hint + count - 1), count);
        }
        if (start < 0) {
            return -1;
        }
        setRange(start, start + count);
        free -= count;
        hint = start + count == sectors ? 0 : start + count;
        return start;
    }

    /** Frees a run; throws when any of its sectors is not allocated (a double free or a wrong length). */
    public synchronized void free(int start, int count) {
        if (start < 0 || count < 1 || start + count > sectors || start + count < 0) {
            throw new IllegalArgumentException("run " + start + "+" + count + " outside 0.." + sectors);
        }
        int clear = nextClear(start, start + count);
        if (clear >= 0) {
            throw new IllegalStateException("sector " + clear + " of run " + start + "+" + count
                    + " is not allocated (double free or wrong length)");
        }
        clearRange(start, start + count);
        free += count;
    }

    private int findRun(int from, int end, int count) {
        int i = from;
        while (i + count <= end) {
            int start = nextClear(i, end);
            if (start < 0 || start + count > end) {
                return -1;
            }
            int taken = nextSet(start, start + count);
            if (taken < 0) {
                return start;
            }
            i = taken + 1;
        }
        return -1;
    }

    /** First clear bit in [from, end), or -1. */
    private int nextClear(int from, int end) {
        int w = from >>> 6;
        long bits = ~words[w] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                return i < end ? i : -1;
            }
            if (++w << 6 >= end) {
                return -1;
            }
            bits = ~words[w];
        }
    }

    /** First set bit in [from, end), or -1. */
    private int nextSet(int from, int end) {
        int w = from >>> 6;
        long bits = words[w] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                return i < end ? i : -1;
            }
            if (++w << 6 >= end) {
                return -1;
            }
            bits = words[w];
        }
    }

    private void setRange(int from, int end) {
        for (int i = from; i < end; i++) {
            words[i >>> 6] |= 1L << i;
        }
    }

    private void clearRange(int from, int end) {
        for (int i = from; i < end; i++) {
            words[i >>> 6] &= ~(1L << i);
        }
    }
}
