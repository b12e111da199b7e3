package dev.acomp.zswap.vswap;

import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cluster of swap descriptors (seed 001's {@code struct vswap_cluster}), stored as parallel primitive
 * arrays, one element per descriptor, so a stored page costs a few dozen bytes and no object.
 *
 * <p>The entry fields (handle, length, flags, pool id, backing slot, generation) are read and written
 * under {@link #lock}; the LRU links under the LRU's lock (lock order: cluster, then LRU). Descriptor
 * {@code i} is swap entry {@link #base()} + i. While an entry is written back, {@code handle} is unused,
 * {@code slot} is its record's slot and {@code length} the record's length.
 */
public final class VswapCluster {
    /** The descriptor is allocated (between allocateEntries and freeEntries). */
    public static final int ALLOCATED = 1;
    /** A zswap entry is stored: {@link #handle} is an allocator handle (or the fill value, see below). */
    public static final int STORED = 1 << 1;
    /** Same-filled page: {@link #handle} is the 8-byte fill value, nothing allocated. */
    public static final int SAME_FILLED = 1 << 2;
    /** Stored as is (did not compress below a page): the object is the page itself. */
    public static final int RAW = 1 << 3;
    /** Written back: the compressed bytes live in the backing file at {@link #slot}. */
    public static final int WRITTEN_BACK = 1 << 4;
    /** Touched since the LRU last looked (second chance). */
    public static final int REFERENCED = 1 << 5;
    /** Not touched since the last markIdle. */
    public static final int IDLE = 1 << 6;

    /** An LRU link value: not linked. Linked values are {@code entry + 1}, or {@link #LRU_END}. */
    public static final long LRU_UNLINKED = 0;
    /** An LRU link value: no neighbour on this side (the entry is the list's head or tail). */
    public static final long LRU_END = -1;

    /** Per-descriptor bytes of the arrays below. */
    public static final int BYTES_PER_DESCRIPTOR = 8 + 2 + 1 + 1 + 8 + 4 + 8 + 8;

    public final ReentrantLock lock = new ReentrantLock();

    private final long base;
    private final long[] handle;
    private final char[] length;
    private final byte[] flags;
    private final byte[] poolId;
    private final long[] slot;
    private final int[] generation;
    private final long[] lruPrev;
    private final long[] lruNext;
    /** Allocation state, guarded by the space's allocation lock (never taken by store or load). */
    final BitSet allocated;
    int allocatedCount;

    VswapCluster(long base, int size) {
        this.base = base;
        this.handle = new long[size];
        this.length = new char[size];
        this.flags = new byte[size];
        this.poolId = new byte[size];
        this.slot = new long[size];
        this.generation = new int[size];
        this.lruPrev = new long[size];
        this.lruNext = new long[size];
        this.allocated = new BitSet(size);
    }

    public long base() {
        return base;
    }

    public int size() {
        return handle.length;
    }

    /** The descriptor index of {@code entry}, which must be in this cluster. */
    public int index(long entry) {
        return (int) (entry - base);
    }

    public int flags(int i) {
        return flags[i] & 0xff;
    }

    public boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    /** Under the lock: throws unless entries {@code first..first + nr - 1} (in this cluster) are allocated. */
    public void requireAllocated(long first, int nr) {
        int start = index(first);
        for (int i = start; i < start + nr; i++) {
            if (!has(i, ALLOCATED)) {
                throw new IllegalArgumentException("swap entry " + (base() + i) + " is not allocated");
            }
        }
    }

    /**
     * Whether flags {@code f} ({@link #flags}) are of an entry with an object in the pool: stored, neither
     * same-filled nor written back.
     */
    public static boolean holdsObject(int f) {
        return (f & STORED) != 0 && (f & (SAME_FILLED | WRITTEN_BACK)) == 0;
    }

    public void setFlag(int i, int flag) {
        flags[i] |= (byte) flag;
    }

    public void clearFlag(int i, int flag) {
        flags[i] &= (byte) ~flag;
    }

    public long handle(int i) {
        return handle[i];
    }

    /** Repoints the entry's object (compaction); the entry stays the same one. */
    public void setHandle(int i, long h) {
        handle[i] = h;
    }

    public int length(int i) {
        return length[i];
    }

    public int poolId(int i) {
        return poolId[i] & 0xff;
    }

    public long slot(int i) {
        return slot[i];
    }

    public int generation(int i) {
        return generation[i];
    }

    /**
     * Installs a zswap entry: {@code kindFlags} is a combination of {@link #SAME_FILLED} and {@link #RAW}
     * (or neither, for a compressed object of pool {@code pool}). The previous entry must have been erased.
     */
    public void storeEntry(int i, long h, int len, int kindFlags, int pool) {
        handle[i] = h;
        length[i] = (char) len;
        poolId[i] = (byte) pool;
        slot[i] = 0;
        generation[i]++;
        flags[i] = (byte) ((flags[i] & ALLOCATED) | STORED | kindFlags);
    }

    /**
     * Marks the entry written back to a record of {@code recordLength} bytes at {@code fileSlot}; its
     * in-memory object is gone. The generation stays: the entry is the same one.
     */
    public void markWrittenBack(int i, long fileSlot, int recordLength) {
        handle[i] = 0;
        slot[i] = fileSlot;
        length[i] = (char) recordLength;
        flags[i] = (byte) ((flags[i] | WRITTEN_BACK) & ~(REFERENCED | IDLE));
    }

    /** Removes the entry (the caller has released what it held). */
    public void eraseEntry(int i) {
        handle[i] = 0;
        length[i] = 0;
        poolId[i] = 0;
        slot[i] = 0;
        generation[i]++;
        flags[i] = (byte) (flags[i] & ALLOCATED);
    }

    // ---- LRU links: guarded by the LRU lock ----

    /** The link to the previous (colder) entry: {@link #LRU_UNLINKED}, {@link #LRU_END} or entry + 1. */
    public long lruPrev(int i) {
        return lruPrev[i];
    }

    public long lruNext(int i) {
        return lruNext[i];
    }

    public void setLruPrev(int i, long entry) {
        lruPrev[i] = entry;
    }

    public void setLruNext(int i, long entry) {
        lruNext[i] = entry;
    }

    public boolean isOnLru(int i) {
        return lruPrev[i] != LRU_UNLINKED;
    }

    void allocate(int i) {
        flags[i] = (byte) ALLOCATED;
        generation[i]++;
    }

    void release(int i) {
        flags[i] = 0;
    }

    /** Heap bytes of this cluster's descriptor arrays. */
    long metadataBytes() {
        return (long) BYTES_PER_DESCRIPTOR * size() + 8L * 16 + 64 + size() / 8;
    }
}
