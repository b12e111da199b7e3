package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;

/**
 * One big direct buffer carved into {@value Arenas#BLOCK_BYTES}-byte blocks for chunks, with a stack of
 * its free blocks. Guarded by the {@link Arenas} lock; {@link #memory} is read without it by whoever
 * holds a live object on one of its blocks.
 */
final class Arena {
    final int id;
    final ByteBuffer memory;
    private final int[] freeBlocks;
    private int freeCount;

    Arena(int id, ByteBuffer memory) {
        this.id = id;
        this.memory = memory;
        this.freeBlocks = new int[memory.capacity() / Arenas.BLOCK_BYTES];
        // Lowest block on top: a fresh arena fills from its start.
        for (int i = 0; i < freeBlocks.length; i++) {
            freeBlocks[i] = freeBlocks.length - 1 - i;
        }
        this.freeCount = freeBlocks.length;
    }

    int blockCount() {
        return freeBlocks.length;
    }

    int freeBlocks() {
        return freeCount;
    }

    int usedBlocks() {
        return freeBlocks.length - freeCount;
    }

    boolean isEmpty() {
        return freeCount == freeBlocks.length;
    }

    /** A free block's byte offset in {@link #memory}; the arena must have one. */
    int take() {
        return freeBlocks[--freeCount] * Arenas.BLOCK_BYTES;
    }

    void give(int blockOffset) {
        freeBlocks[freeCount++] = blockOffset / Arenas.BLOCK_BYTES;
    }

    long metadataBytes() {
        return 32 + 16 + 4L * freeBlocks.length;
    }
}
