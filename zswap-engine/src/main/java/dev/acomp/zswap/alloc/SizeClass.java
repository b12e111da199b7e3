package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One size class: every object in it takes {@link #objectSize} bytes, in chunks of {@link #slotsPerChunk}
 * objects. Chunks are found by index without the lock (the array only grows, by copy), so a reader holding
 * a live handle needs no lock; everything else is under {@link #lock}.
 */
final class SizeClass {
    final int index;
    final int objectSize;
    final int slotsPerChunk;
    final ReentrantLock lock = new ReentrantLock();

    private volatile Chunk[] chunks = new Chunk[4];
    private int[] freeChunkIds = new int[4];
    private int freeChunkIdCount;
    private int chunkIdLimit;
    /** Chunks that had a free slot when pushed; stale tops are popped lazily. */
    private int[] partial = new int[4];
    private int partialCount;
    private int liveChunks;

    SizeClass(int index, int objectSize, int slotsPerChunk) {
        this.index = index;
        this.objectSize = objectSize;
        this.slotsPerChunk = slotsPerChunk;
    }

    int chunkBytes() {
        return objectSize * slotsPerChunk;
    }

    /** The chunk for a live handle; no lock needed. */
    Chunk chunk(int id) {
        Chunk[] cs = chunks;
        return id < cs.length ? cs[id] : null;
    }

    /** Under the lock: a chunk with a free slot, not isolated, or -1. */
    int partialChunk() {
        Chunk[] cs = chunks;
        while (partialCount > 0) {
            int id = partial[partialCount - 1];
            Chunk c = cs[id];
            if (c != null && !c.isFull() && !c.isolated) {
                return id;
            }
            partialCount--;
            if (c != null) {
                c.onPartialStack = false;
            }
        }
        return -1;
    }

    /** Under the lock: puts a chunk that has a free slot where {@link #partialChunk} finds it. */
    void markPartial(int id) {
        Chunk c = chunks[id];
        if (c.onPartialStack) {
            return;
        }
        if (partialCount == partial.length) {
            partial = Arrays.copyOf(partial, partial.length * 2);
        }
        partial[partialCount++] = id;
        c.onPartialStack = true;
    }

    /** Under the lock: installs a new chunk over {@code memory}; returns its id. */
    int addChunk(ByteBuffer memory) {
        int id = freeChunkIdCount > 0 ? freeChunkIds[--freeChunkIdCount] : chunkIdLimit++;
        Chunk[] cs = chunks;
        if (id >= cs.length) {
            cs = Arrays.copyOf(cs, cs.length * 2);
        }
        // Readers reach a chunk only through a handle published under its owner's lock, after this write.
        cs[id] = new Chunk(memory, slotsPerChunk);
        chunks = cs;
        liveChunks++;
        return id;
    }

    /** Under the lock: removes an empty chunk; returns its memory for release. */
    ByteBuffer removeChunk(int id) {
        Chunk[] cs = chunks;
        ByteBuffer memory = cs[id].memory;
        cs[id] = null;
        if (freeChunkIdCount == freeChunkIds.length) {
            freeChunkIds = Arrays.copyOf(freeChunkIds, freeChunkIds.length * 2);
        }
        freeChunkIds[freeChunkIdCount++] = id;
        liveChunks--;
        return memory;
    }

    /** Under the lock: ids of live chunks. */
    int chunkIdLimit() {
        return chunkIdLimit;
    }

    int liveChunks() {
        return liveChunks;
    }

    /** Heap bytes of this class's bookkeeping. */
    long metadataBytes() {
        long bytes = 64 + 16 + 4L * chunks.length + 16 + 4L * freeChunkIds.length + 16 + 4L * partial.length;
        for (Chunk c : chunks) {
            if (c != null) {
                bytes += c.metadataBytes();
            }
        }
        return bytes;
    }
}
