package dev.acomp.zswap.alloc;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory chunks are made of: {@value #ARENA_BYTES}-byte direct buffers (smaller when the cap leaves
 * less) carved into {@value #BLOCK_BYTES}-byte blocks, so that a chunk costs no direct buffer of its own.
 * A chunk maps blocks as its objects reach them: blocks a quarter of a page make a class's last, partly
 * filled chunk waste half a block instead of half a page. Blocks are taken from the lowest-numbered
 * arena with a free one, so that the others drain. An arena is released when all its blocks are free,
 * except that one such arena is kept as a spare while any block is in use, so that a pool churning
 * around an arena boundary does not allocate and release it over and over. Compaction can also drain an
 * arena ({@link #beginDrain}): no block is taken from it while its chunks' objects move elsewhere, so that
 * memory freed all over the arenas comes back to the system rather than staying reserved.
 *
 * <p>Lock: its own, always taken after a size class's lock.
 */
final class Arenas {
    static final int BLOCK_BYTES = 1024;
    static final int ARENA_BYTES = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final DirectBuffers buffers;
    private final long capBlocks;
    private Arena[] arenas = new Arena[4];
    private final BitSet withFreeBlocks = new BitSet();
    private long reservedBlocks;
    private long freeBlocks;
    private int emptyArenas;
    /** The arena being drained: takes no block. */
    private Arena draining;
    private volatile long reservedBytes;
    private volatile long usedBytes;

    Arenas(long capBytes, DirectBuffers buffers) {
        this.capBlocks = capBytes / BLOCK_BYTES;
        this.buffers = buffers;
    }

    /**
     * Maps {@code count} more blocks into {@code chunk}, all or none; false when that would take the
     * arenas past the cap.
     */
    boolean take(Chunk chunk, int count) {
        lock.lock();
        try {
            long available = freeBlocks - (draining == null ? 0 : draining.freeBlocks());
            if (available < count && !grow(count - available)) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                Arena a = arenas[withFreeBlocks.nextSetBit(0)];
                if (a.isEmpty()) {
                    emptyArenas--;
                }
                chunk.mapBlock(a, a.take());
                if (a.freeBlocks() == 0) {
                    withFreeBlocks.clear(a.id);
                }
            }
            freeBlocks -= count;
            publish();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back every block of {@code chunk}, releasing arenas left empty (see the class comment). */
    void giveAll(Chunk chunk) {
        lock.lock();
        try {
            for (int k = chunk.mappedBlocks() - 1; k >= 0; k--) {
                Arena a = chunk.blockArena(k);
                a.give(chunk.blockOffset(k));
                if (a != draining) {
                    withFreeBlocks.set(a.id);
                }
                freeBlocks++;
                if (a.isEmpty()) {
                    emptyArenas++;
                    if (emptyArenas > 1) {
                        release(a);
                        emptyArenas--;
                    }
                }
            }
            chunk.unmapBlocks();
            if (freeBlocks == reservedBlocks) {
                releaseEmpty();
            }
            publish();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases every empty arena, then picks the arena with the fewest blocks in use whose blocks fit in
     * the other arenas' free blocks, and takes no more blocks from it until {@link #endDrain}. Returns it,
     * or null when no arena's blocks fit elsewhere (moving them would only fill another arena's holes
     * with no arena freed), or while another compaction drains one.
     */
    Arena beginDrain() {
        lock.lock();
        try {
            if (draining != null) {
                return null;
            }
            releaseEmpty();
            publish();
            Arena victim = null;
            for (Arena a : arenas) {
                // Ties go to the highest arena: blocks are taken from the lowest, so the high ones drain.
                if (a != null && (victim == null || a.usedBlocks() <= victim.usedBlocks())) {
                    victim = a;
                }
            }
            if (victim == null || freeBlocks - victim.freeBlocks() < victim.usedBlocks()) {
                return null;
            }
            draining = victim;
            withFreeBlocks.clear(victim.id);
            return victim;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the drained arena give blocks again, if it was not released meanwhile. */
    void endDrain() {
        lock.lock();
        try {
            Arena a = draining;
            draining = null;
            if (a != null && a.freeBlocks() > 0) {
                withFreeBlocks.set(a.id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether no block of {@code arena} is in use (or it was released). */
    boolean isEmpty(Arena arena) {
        lock.lock();
        try {
            return arena.isEmpty() || arenas[arena.id] != arena;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code chunk} holds a block of {@code arena}; under the chunk's class lock. */
    static boolean holdsBlockOf(Chunk chunk, Arena arena) {
        for (int k = 0; k < chunk.mappedBlocks(); k++) {
            if (chunk.blockArena(k) == arena) {
                return true;
            }
        }
        return false;
    }

    /** Releases every arena with no block in use, the spare included. */
    void trim() {
        lock.lock();
        try {
            releaseEmpty();
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** Releases every arena, whatever is still on it. */
    void close() {
        lock.lock();
        try {
            for (Arena a : arenas) {
                if (a != null) {
                    release(a);
                }
            }
            emptyArenas = 0;
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of arena memory held: what the pool costs in memory, free blocks included. */
    long reservedBytes() {
        return reservedBytes;
    }

    /** Bytes of the blocks chunks hold (zsmalloc's pages allocated). */
    long usedBytes() {
        return usedBytes;
    }

    int arenaCount() {
        lock.lock();
        try {
            int n = 0;
            for (Arena a : arenas) {
                if (a != null) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    long metadataBytes() {
        lock.lock();
        try {
            long bytes = 96 + 16 + 8L * arenas.length;
            for (Arena a : arenas) {
                if (a != null) {
                    bytes += a.metadataBytes();
                }
            }
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Adds an arena of at least {@code blocks} blocks; false when the cap leaves no room for it. */
    private boolean grow(long blocks) {
        long size = Math.min(ARENA_BYTES / BLOCK_BYTES, capBlocks - reservedBlocks);
        if (size < blocks) {
            return false;
        }
        int id = 0;
        while (id < arenas.length && arenas[id] != null) {
            id++;
        }
        if (id == arenas.length) {
            arenas = Arrays.copyOf(arenas, arenas.length * 2);
        }
        Arena a = new Arena(id, buffers.allocate((int) size * BLOCK_BYTES));
        arenas[id] = a;
        withFreeBlocks.set(id);
        reservedBlocks += size;
        freeBlocks += size;
        emptyArenas++;
        return true;
    }

    private void releaseEmpty() {
        for (Arena a : arenas) {
            if (a != null && a.isEmpty()) {
                release(a);
                emptyArenas--;
            }
        }
    }

    private void release(Arena a) {
        if (a == draining) {
            draining = null;
        }
        arenas[a.id] = null;
        withFreeBlocks.clear(a.id);
        reservedBlocks -= a.blockCount();
        freeBlocks -= a.freeBlocks();
        buffers.release(a.memory);
    }

    private void publish() {
        reservedBytes = reservedBlocks * BLOCK_BYTES;
        usedBytes = (reservedBlocks - freeBlocks) * BLOCK_BYTES;
    }
}
