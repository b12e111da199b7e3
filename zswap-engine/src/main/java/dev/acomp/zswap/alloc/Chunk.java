package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;

/**
 * A zspage: one direct buffer holding {@code slots} objects of one size class, with, per slot, the
 * owner (or, for a free slot, the next free slot) and the object's length. Guarded by its class's lock,
 * except {@link #memory}, which readers of a live object use without it.
 */
final class Chunk {
    private static final long FREE = Long.MIN_VALUE;

    final ByteBuffer memory;
    private final long[] owners;
    private final char[] lengths;
    private int inUse;
    private int freeHead;
    /** Being emptied by compaction: takes no new objects. */
    boolean isolated;
    /** On its class's stack of chunks with free slots. */
    boolean onPartialStack;

    Chunk(ByteBuffer memory, int slots) {
        this.memory = memory;
        this.owners = new long[slots];
        this.lengths = new char[slots];
        for (int i = 0; i < slots; i++) {
            owners[i] = FREE | (i + 1);
        }
    }

    int slots() {
        return owners.length;
    }

    int inUse() {
        return inUse;
    }

    boolean isFull() {
        return inUse == owners.length;
    }

    boolean isLive(int slot) {
        return owners[slot] >= 0;
    }

    long owner(int slot) {
        return owners[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    /** Takes a free slot for an object; the chunk must not be full. */
    int take(long owner, int length) {
        int slot = freeHead;
        freeHead = (int) (owners[slot] & ~FREE);
        owners[slot] = owner;
        lengths[slot] = (char) length;
        inUse++;
        return slot;
    }

    void give(int slot) {
        if (!isLive(slot)) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        owners[slot] = FREE | freeHead;
        lengths[slot] = 0;
        freeHead = slot;
        inUse--;
    }

    /** Heap bytes of the per-slot metadata (owner and length arrays), for the overhead figures. */
    long metadataBytes() {
        return 16L + 8L * owners.length + 16L + 2L * lengths.length + 64;
    }
}
