package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One direct buffer carved into at most {@value #MAX_BLOCKS} blocks of {@value Arenas#BLOCK_BYTES} bytes
 * for chunks, with a bitmap of its free blocks (a chunk names each of its blocks by a one-byte index into
 * one of its two home arenas) and one of the free blocks claimed by a chunk's run: a new chunk claims
 * blocks next to its first ones, so that its objects lie in one run of memory and are read in place
 * ({@link #view}). A claim only steers which free block a chunk takes: the promises in {@link Arenas}
 * decide whether it gets one, and a chunk with no unclaimed block left takes a claimed one. Guarded by
 * the {@link Arenas} lock; {@link #memory} and {@link #view} are used without it by whoever holds a
 * live object on one of its blocks.
 */
final class Arena {
    static final int MAX_BLOCKS = 256;
    private static final ByteBuffer[] NO_VIEWS = new ByteBuffer[0];

    final int id;
    /** Read and written by absolute index only: its position and limit never change. */
    final ByteBuffer memory;
    /**
     * By reader id, the same memory for that reader alone, who sets its position and limit to an object:
     * made on the reader's first read here, replaced by copy under this object's monitor.
     */
    private volatile ByteBuffer[] views = NO_VIEWS;
    private final int blockCount;
    /** Words {@code [0, words)}: bit k set when block k is free; then as many: set when it is also claimed. */
    private final long[] bits;
    private final int words;
    private int freeCount;
    /** Free blocks promised to the chunks homed here for the slots they have yet to reach. */
    int promised;

    Arena(int id, ByteBuffer memory) {
        this.id = id;
        this.memory = memory;
        this.blockCount = memory.capacity() / Arenas.BLOCK_BYTES;
        if (blockCount < 1 || blockCount > MAX_BLOCKS) {
            throw new IllegalArgumentException("an arena has 1.." + MAX_BLOCKS + " blocks, not " + blockCount);
        }
        this.words = (blockCount + 63) / 64;
        this.bits = new long[2 * words];
        for (int k = 0; k < blockCount; k++) {
            bits[k >>> 6] |= 1L << k;
        }
        this.freeCount = blockCount;
    }

    int blockCount() {
        return blockCount;
    }

    int freeBlocks() {
        return freeCount;
    }

    /** Free blocks no chunk homed here was promised. */
    int unpromisedBlocks() {
        return freeCount - promised;
    }

    int usedBlocks() {
        return blockCount - freeCount;
    }

    boolean isEmpty() {
        return freeCount == blockCount;
    }

    private boolean isFree(int k) {
        return (bits[k >>> 6] & 1L << k) != 0;
    }

    private boolean isClaimed(int k) {
        return (bits[words + (k >>> 6)] & 1L << k) != 0;
    }

    /**
     * The lowest free block no run claims (a fresh arena fills from its start), else the lowest free one;
     * taken. The arena must have a free block.
     */
    int take() {
        for (int w = 0; w < words; w++) {
            long unclaimed = bits[w] & ~bits[words + w];
            if (unclaimed != 0) {
                return takeFree((w << 6) + Long.numberOfTrailingZeros(unclaimed));
            }
        }
        for (int w = 0; w < words; w++) {
            if (bits[w] != 0) {
                return takeFree((w << 6) + Long.numberOfTrailingZeros(bits[w]));
            }
        }
        throw new IllegalStateException("arena " + id + " has no free block");
    }

    /** Takes block {@code k} if it is free (claimed or not); false when another chunk took it. */
    boolean takeAt(int k) {
        if (!isFree(k)) {
            return false;
        }
        takeFree(k);
        return true;
    }

    private int takeFree(int k) {
        bits[k >>> 6] &= ~(1L << k);
        bits[words + (k >>> 6)] &= ~(1L << k);
        freeCount--;
        return k;
    }

    /** The lowest block starting {@code n} free blocks in a row that no run claims, or -1. */
    int findRun(int n) {
        int length = 0;
        for (int k = 0; k < blockCount; k++) {
            length = isFree(k) && !isClaimed(k) ? length + 1 : 0;
            if (length == n) {
                return k - n + 1;
            }
        }
        return -1;
    }

    /** Claims free block {@code k} for a chunk's run. */
    void claim(int k) {
        bits[words + (k >>> 6)] |= 1L << k;
    }

    /** Withdraws a run's claim on block {@code k} (a block taken since has none left). */
    void unclaim(int k) {
        bits[words + (k >>> 6)] &= ~(1L << k);
    }

    void give(int block) {
        if (isFree(block)) {
            throw new IllegalStateException("block " + block + " of arena " + id + " freed twice");
        }
        bits[block >>> 6] |= 1L << block;
        freeCount++;
    }

    /**
     * zsmalloc's mapping of an object within a page: the {@code length} bytes at {@code offset} of this
     * arena's memory, from position to limit of the view of {@code reader}, which is the reader's own (no
     * other reader changes its position or limit) and is the same buffer on every call.
     */
    ByteBuffer view(int reader, int offset, int length) {
        ByteBuffer[] v = views;
        ByteBuffer view = reader < v.length ? v[reader] : null;
        if (view == null) {
            view = newView(reader);
        }
        return view.limit(offset + length).position(offset);
    }

    private synchronized ByteBuffer newView(int reader) {
        ByteBuffer[] v = Arrays.copyOf(views, Math.max(views.length, reader + 1));
        v[reader] = memory.duplicate();
        views = v;
        return v[reader];
    }

    /** Heap bytes of this object, its buffer objects and its bitmaps. */
    long metadataBytes() {
        ByteBuffer[] v = views;
        long bytes = 32 + 64 + 16 + 8L * bits.length + (v.length == 0 ? 0 : 16 + 4L * v.length);
        for (ByteBuffer view : v) {
            bytes += view == null ? 0 : 64;
        }
        return bytes;
    }
}
