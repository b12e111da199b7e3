package dev.acomp.zswap.vswap;

import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cluster of swap descriptors (seed 001's {@code struct vswap_cluster}), stored as two parallel primitive
 * arrays, one element of each per descriptor, so a stored page costs {@value #BYTES_PER_DESCRIPTOR} bytes
 * and no object (the virtual swap series' swp_desc is 24): a word that is the allocator handle (which
 * carries the object's length), the fill value, or the backing slot and record length, never two at once;
 * and an int of flags, pool id and a 16-bit generation. There are no LRU links: the LRU is a CLOCK over
 * the descriptors' {@link #REFERENCED} bits.
 *
 * <p>Every field is read and written under {@link #lock}. Descriptor {@code i} is swap entry
 * {@link #base()} + i.
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
    /** Touched since the CLOCK hand last passed (second chance). */
    public static final int REFERENCED = 1 << 5;
    /** Not touched since the last markIdle. */
    public static final int IDLE = 1 << 6;

    /** Per-descriptor bytes of the arrays below. */
    public static final int BYTES_PER_DESCRIPTOR = 8 + 4;

    private static final int FLAGS_MASK = 0xff;
    private static final int POOL_SHIFT = 8;
    private static final int GENERATION_SHIFT = 16;
    private static final long RECORD_LENGTH_MASK = 0xFFFF_FFFFL;

    public final ReentrantLock lock = new ReentrantLock();

    private final long base;
    private final long[] word;
    /** Flags in bits 0-7, pool id in 8-15, generation in 16-31. */
    private final int[] info;
    /** Allocation state, guarded by the space's allocation lock (never taken by store or load). */
    final BitSet allocated;
    int allocatedCount;

    VswapCluster(long base, int size) {
        this.base = base;
        this.word = new long[size];
        this.info = new int[size];
        this.allocated = new BitSet(size);
    }

    public long base() {
        return base;
    }

    public int size() {
        return word.length;
    }

    /** The descriptor index of {@code entry}, which must be in this cluster. */
    public int index(long entry) {
        return (int) (entry - base);
    }

    public int flags(int i) {
        return info[i] & FLAGS_MASK;
    }

    public boolean has(int i, int flag) {
        return (info[i] & flag) != 0;
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
        info[i] |= flag & FLAGS_MASK;
    }

    public void clearFlag(int i, int flag) {
        info[i] &= ~(flag & FLAGS_MASK);
    }

    /** The allocator handle, or the fill value of a same-filled entry. */
    public long handle(int i) {
        return word[i];
    }

    /** Repoints the entry's object (compaction, recompression); the entry stays the same one. */
    public void setHandle(int i, long h) {
        word[i] = h;
    }

    /** The pool that compressed the entry's object. */
    public int poolId(int i) {
        return (info[i] >>> POOL_SHIFT) & 0xff;
    }

    /** Repoints the entry to an object of another pool (recompression); the entry stays the same one. */
    public void setPool(int i, long h, int pool) {
        word[i] = h;
        info[i] = (info[i] & ~(0xff << POOL_SHIFT)) | (pool << POOL_SHIFT);
    }

    /** Of a written-back entry: its record's slot in the backing file. */
    public long slot(int i) {
        return word[i] >>> 32;
    }

    /** Of a written-back entry: its record's length. */
    public int recordLength(int i) {
        return (int) (word[i] & RECORD_LENGTH_MASK);
    }

    /** The entry's generation (16 bits, wrapping): it moves on whenever the descriptor holds another entry. */
    public int generation(int i) {
        return info[i] >>> GENERATION_SHIFT;
    }

    private void setInfo(int i, int flags, int pool, int generation) {
        info[i] = (flags & FLAGS_MASK) | (pool << POOL_SHIFT) | ((generation & 0xFFFF) << GENERATION_SHIFT);
    }

    /**
     * Installs a zswap entry: {@code kindFlags} is a combination of {@link #SAME_FILLED} and {@link #RAW}
     * (or neither, for a compressed object of pool {@code pool}). The previous entry must have been erased.
     */
    public void storeEntry(int i, long h, int kindFlags, int pool) {
        word[i] = h;
        setInfo(i, (flags(i) & ALLOCATED) | STORED | kindFlags, pool, generation(i) + 1);
    }

    /**
     * Marks the entry written back to a record of {@code recordLength} bytes at {@code fileSlot}; its
     * in-memory object is gone. The generation stays: the entry is the same one.
     */
    public void markWrittenBack(int i, long fileSlot, int recordLength) {
        word[i] = fileSlot << 32 | (recordLength & RECORD_LENGTH_MASK);
        setInfo(i, (flags(i) | WRITTEN_BACK) & ~(REFERENCED | IDLE), poolId(i), generation(i));
    }

    /** Removes the entry (the caller has released what it held). */
    public void eraseEntry(int i) {
        word[i] = 0;
        setInfo(i, flags(i) & ALLOCATED, 0, generation(i) + 1);
    }

    void allocate(int i) {
        setInfo(i, ALLOCATED, 0, generation(i) + 1);
    }

    void release(int i) {
        setInfo(i, 0, 0, generation(i));
    }

    /** Heap bytes of this cluster: its object, lock, descriptor arrays and allocation bitmap. */
    long metadataBytes() {
        return 32 + 48 + 16 + (long) BYTES_PER_DESCRIPTOR * size() + 16 + 40 + size() / 8;
    }
}
