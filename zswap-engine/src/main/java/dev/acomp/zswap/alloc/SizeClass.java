package dev.acomp.zswap.alloc;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One size class: every object in it takes {@link #objectSize} bytes, in chunks of {@link #slotsPerChunk}
 * objects over {@link #pagesPerChunk} pages. Chunks are found by id without the lock (the array only
 * grows, by copy), so a reader holding a live handle needs no lock; everything else is under
 * {@link #lock}. A released chunk stays in the array, out of service, and is reused by the next
 * {@link #openChunk}, so steady churn allocates no metadata.
 */
final class SizeClass {
    final int index;
    final int objectSize;
    final int pagesPerChunk;
    final int slotsPerChunk;
    final ReentrantLock lock = new ReentrantLock();

    private volatile Chunk[] chunks = new Chunk[4];
    private int[] releasedIds = new int[4];
    private int releasedCount;
    private int chunkIdLimit;
    /** Chunks that had a free slot when pushed; stale tops are popped lazily. */
    private int[] partial = new int[4];
    private int partialCount;
    private int liveChunks;
    /** Under the lock: bytes and count of the objects stored in this class. */
    long storedBytes;
    long objects;

    SizeClass(int index, int objectSize, int pagesPerChunk) {
        this.index = index;
        this.objectSize = objectSize;
        this.pagesPerChunk = pagesPerChunk;
        this.slotsPerChunk = pagesPerChunk * ZsPool.PAGE_BYTES / objectSize;
    }

    /**
     * zsmalloc's get_pages_per_zspage: the page count, up to {@code maxPages}, that leaves the smallest
     * share of the chunk unused by whole objects of {@code objectSize}; the fewest pages on a tie.
     */
    static int pagesPerChunk(int objectSize, int maxPages) {
        int best = 0;
        long bestWaste = 1;
        int bestBytes = 1;
        for (int pages = 1; pages <= maxPages; pages++) {
            int bytes = pages * ZsPool.PAGE_BYTES;
            int waste = bytes % objectSize;
            if (bytes >= objectSize && (best == 0 || (long) waste * bestBytes < bestWaste * bytes)) {
                best = pages;
                bestWaste = waste;
                bestBytes = bytes;
            }
        }
        return best;
    }

    /** The chunk with {@code id}, in service or not; no lock needed. */
    Chunk chunk(int id) {
        Chunk[] cs = chunks;
        return id < cs.length ? cs[id] : null;
    }

    /** Under the lock: a chunk in service with a free slot, not isolated, or -1. */
    int partialChunk() {
        Chunk[] cs = chunks;
        while (partialCount > 0) {
            int id = partial[partialCount - 1];
            Chunk c = cs[id];
            if (c.inService && !c.isFull() && !c.isolated) {
                return id;
            }
            partialCount--;
            c.onPartialStack = false;
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

    /** Under the lock: puts an empty chunk in service, reusing a released one if any; returns its id. */
    int openChunk() {
        int id = releasedCount > 0 ? releasedIds[--releasedCount] : chunkIdLimit++;
        Chunk[] cs = chunks;
        if (id >= cs.length) {
            cs = Arrays.copyOf(cs, cs.length * 2);
        }
        if (cs[id] == null) {
            cs[id] = new Chunk(objectSize, slotsPerChunk, pagesPerChunk * ZsPool.PAGE_BYTES);
        }
        // Readers reach a chunk only through a handle published under its owner's lock, after this write.
        cs[id].open();
        chunks = cs;
        liveChunks++;
        return id;
    }

    /** Under the lock: takes an empty chunk, whose blocks went back to their arenas, out of service. */
    void releaseChunk(int id) {
        chunks[id].inService = false;
        if (releasedCount == releasedIds.length) {
            releasedIds = Arrays.copyOf(releasedIds, releasedIds.length * 2);
        }
        releasedIds[releasedCount++] = id;
        liveChunks--;
    }

    /** Under the lock: chunk ids below this may be in service. */
    int chunkIdLimit() {
        return chunkIdLimit;
    }

    int liveChunks() {
        return liveChunks;
    }

    /** Heap bytes of this class's bookkeeping, released chunks kept for reuse included. */
    long metadataBytes() {
        long bytes = 64 + 16 + 4L * chunks.length + 16 + 4L * releasedIds.length + 16 + 4L * partial.length;
        for (Chunk c : chunks) {
            if (c != null) {
                bytes += c.metadataBytes();
            }
        }
        return bytes;
    }
}
