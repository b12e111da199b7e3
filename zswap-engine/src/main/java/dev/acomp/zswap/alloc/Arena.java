package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;

/**
 * One direct buffer carved into at most {@value #MAX_BLOCKS} blocks of {@value Arenas#BLOCK_BYTES} bytes
 * for chunks, with a bitmap of its free blocks (a chunk names each of its blocks by a one-byte index into
 * one of its two home arenas). Guarded by the {@link Arenas} lock; {@link #memory} is read without it by whoever holds a live
 * object on one of its blocks.
 */
final class Arena {
    static final int MAX_BLOCKS = 256;

    final int id;
    final ByteBuffer memory;
    private final int blockCount;
    /** Bit k set: block k is free. */
    private final long[] free;
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
        this.free = new long[(blockCount + 63) / 64];
        for (int k = 0; k < blockCount; k++) {
            free[k >>> 6] |= 1L << k;
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

    /** The lowest free block's index (a fresh arena fills from its start); the arena must have one. */
    int take() {
        for (int w = 0; w < free.length; w++) {
            if (free[w] != 0) {
                int k = (w << 6) + Long.numberOfTrailingZeros(free[w]);
                free[w] &= ~(1L << k);
                freeCount--;
                return k;
            }
        }
        throw new IllegalStateException("arena " + id + " has no free block");
    }

    void give(int block) {
        long bit = 1L << block;
        if ((free[block >>> 6] & bit) != 0) {
            throw new IllegalStateException("block " + block + " of arena " + id + " freed twice");
        }
        free[block >>> 6] |= bit;
        freeCount++;
    }

    /** Heap bytes of this object, its buffer's object and its bitmap. */
    long metadataBytes() {
        return 32 + 64 + 16 + 8L * free.length;
    }
}
