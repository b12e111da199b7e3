package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory chunks are made of: {@value #ARENA_BYTES}-byte direct buffers (smaller when the cap leaves
 * less) carved into {@value #BLOCK_BYTES}-byte blocks, so that a chunk costs no direct buffer of its own. A
 * chunk maps blocks as its objects reach them: blocks of half a page make a class's last, partly filled
 * chunk waste half a block instead of half a chunk (smaller blocks would waste less there, but cost more
 * arenas and block tables than they save). Every block of a chunk comes from one of its two home arenas, so
 * the chunk names each by its one-byte index there (an arena has at most {@value Arena#MAX_BLOCKS}). A new
 * chunk's home promises it all its blocks, so that it fills there however many other chunks take blocks
 * meanwhile, and where it has them in a row the chunk claims that run, so that each of its objects lies in
 * one piece of memory and is read in place ({@link Arena#view}); a second home is taken only when the
 * promise was overtaken (near the cap). Homes are the lowest-numbered arenas with room, so that the others
 * drain. An arena is released when all its blocks are free, except that one such arena is kept as a spare
 * while any block is in use, so that a pool churning around an arena boundary does not allocate and release
 * it over and over. Compaction can also drain an arena ({@link #beginDrain}): no block is taken from it
 * while its chunks' objects move elsewhere, so that memory freed all over the arenas comes back to the
 * system rather than staying reserved.
 *
 * <p>Lock: its own, always taken after a size class's lock; an arena's memory is allocated with no lock
 * held ({@link #growUnlocked}).
 */
final class Arenas {
    static final int BLOCK_BYTES = 2048;
    /** Set in {@link #chooseHome}'s answer when the chunk claimed a run of blocks. */
    static final int RUN = 1 << 30;
    static final int ARENA_BYTES = Arena.MAX_BLOCKS * BLOCK_BYTES;

    private final ReentrantLock lock = new ReentrantLock();
    private final DirectBuffers buffers;
    private final long capBlocks;
    private Arena[] arenas = new Arena[4];
    /** A copy of {@link #arenas} for lock-free readers, republished whenever an arena comes or goes. */
    private volatile Arena[] published = arenas.clone();
    private final BitSet withFreeBlocks = new BitSet();
    private long reservedBlocks;
    private long freeBlocks;
    /** Blocks of arenas being allocated by {@link #growUnlocked}, held against the cap. */
    private long growingBlocks;
    private boolean closed;
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
     * The home arena for a new chunk of {@code chunkBlocks} blocks whose first object needs
     * {@code firstBlocks}: the lowest arena (not being drained) whose unpromised blocks hold the whole
     * chunk, else (if {@code mayGrow}) a new arena, else the lowest with room for the first object; null
     * when there is none (without {@code mayGrow}: when no arena holds the whole chunk, see
     * {@link #growUnlocked}). The first object's blocks are taken at once, their indices written into
     * {@code table} from {@code at}, so that no drain or release comes between choosing the home and
     * mapping them; the chunk's other blocks are promised on it, so that its later slots find their blocks
     * there however many chunks map blocks of that arena meanwhile (a chunk that ran out of homes would be
     * capped, its block's tail wasted). Where the home holds the whole chunk in a row of free blocks no
     * run claims, the chunk claims them as its run: the table gets all their indices, and the chunk's
     * later blocks are taken there ({@link #take} with {@code claimed}). Returns the home's id, with
     * {@link #RUN} set when the chunk claimed a run, or -1 when there is no home.
     */
    int chooseHome(int firstBlocks, int chunkBlocks, boolean mayGrow, byte[] table, int at) {
        lock.lock();
        try {
            Arena home = lowestWithRoom(chunkBlocks);
            if (home == null && mayGrow) {
                home = grow(firstBlocks);
                if (home != null) {
                    publish();
                } else {
                    home = lowestWithRoom(firstBlocks);
                }
            }
            if (home == null) {
                return -1;
            }
            int run = home.findRun(chunkBlocks);
            if (run >= 0) {
                for (int k = 0; k < chunkBlocks; k++) {
                    table[at + k] = (byte) (run + k);
                    home.claim(run + k);
                }
            }
            promise(home, chunkBlocks - firstBlocks);
            takeLocked(home, firstBlocks, table, at, run >= 0);
            return run >= 0 ? home.id | RUN : home.id;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A second home for a chunk whose first has not the {@code blocks} it needs now (its promise was
     * overtaken near the cap): the lowest arena with that many unpromised, else a new one; null when none.
     * No promise is made on it.
     */
    Arena chooseSecondHome(int blocks) {
        lock.lock();
        try {
            Arena home = lowestWithRoom(blocks);
            if (home == null && (home = grow(blocks)) != null) {
                publish();
            }
            return home;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lowest arena with {@code blocks} unpromised, or while an arena drains with {@code blocks} free:
     * promises then yield, as a chunk opened may be capped later but the arena emptied is worth more.
     */
    private Arena lowestWithRoom(int blocks) {
        for (int id = withFreeBlocks.nextSetBit(0); id >= 0; id = withFreeBlocks.nextSetBit(id + 1)) {
            Arena a = arenas[id];
            if ((draining != null ? a.freeBlocks() : a.unpromisedBlocks()) >= blocks) {
                return a;
            }
        }
        return null;
    }

    private void promise(Arena home, int blocks) {
        home.promised += blocks;
    }

    /**
     * Withdraws {@code blocks} of what {@code home} promised a chunk (it spilled, was capped or released),
     * and if the chunk {@code claimed} a run, its claims on the blocks listed in {@code table} from
     * {@code at}.
     */
    void unpromise(Arena home, int blocks, byte[] table, int at, boolean claimed) {
        lock.lock();
        try {
            promise(home, -blocks);
            if (claimed) {
                for (int k = 0; k < blocks; k++) {
                    home.unclaim(table[at + k] & 0xff);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code count} blocks of {@code home} and writes their indices into {@code table} from
     * {@code at}, all or none, out of the chunk's promise there if {@code promisedHere}; false when the home
     * arena has not that many free, is being drained, or is gone (null: a chunk with no block left on its
     * first home outlives that arena, which was released). With {@code claimed}, the table lists the
     * chunk's run there, and each block is taken from it unless another chunk took it.
     */
    boolean take(Arena home, int count, byte[] table, int at, boolean promisedHere, boolean claimed) {
        lock.lock();
        try {
            if (home == null || home == draining || arenas[home.id] != home || home.freeBlocks() < count) {
                return false;
            }
            if (promisedHere) {
                promise(home, -count);
            }
            takeLocked(home, count, table, at, claimed);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #take} with the lock held and the blocks known to be free. */
    private void takeLocked(Arena home, int count, byte[] table, int at, boolean claimed) {
        if (home.isEmpty()) {
            emptyArenas--;
        }
        for (int i = 0; i < count; i++) {
            int wanted = table[at + i] & 0xff;
            table[at + i] = (byte) (claimed && home.takeAt(wanted) ? wanted : home.take());
        }
        if (home.freeBlocks() == 0) {
            withFreeBlocks.clear(home.id);
        }
        freeBlocks -= count;
        publish();
    }

    /**
     * Gives back the {@code count} blocks of {@code home} listed in {@code table} from {@code at},
     * releasing arenas left empty (see the class comment).
     */
    void giveAll(Arena home, int count, byte[] table, int at) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            for (int k = count - 1; k >= 0; k--) {
                give(home, table[at + k] & 0xff);
            }
            if (freeBlocks == reservedBlocks) {
                releaseEmpty();
            }
            publish();
        } finally {
            lock.unlock();
        }
    }

    private void give(Arena a, int block) {
        a.give(block);
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
            // Its objects move into the other arenas' free blocks, promised ones too (see lowestWithRoom).
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
            closed = true;
            publish();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The arena with {@code id}, without the lock: for a reader of a live object on it, which keeps it
     * from being released.
     */
    Arena arena(int id) {
        return published[id];
    }

    /** The arenas by id, without the lock, as {@link #arena}. */
    Arena[] published() {
        return published;
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
            long bytes = 96 + 2 * (16 + 4L * arenas.length);
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

    /**
     * Adds an arena of at least {@code blocks} blocks, allocating its memory with no lock held: allocating
     * (and zeroing) half a MiB under this lock would stall every thread mapping blocks, and under a size
     * class's lock every store into that class. False when the cap leaves no room for it. Threads that
     * grow at once may add an arena each; the blocks they take soon fill them.
     */
    boolean growUnlocked(int blocks) {
        long size;
        lock.lock();
        try {
            size = growthBlocks(blocks);
            if (size == 0) {
                return false;
            }
            growingBlocks += size;
        } finally {
            lock.unlock();
        }
        ByteBuffer memory = null;
        try {
            memory = buffers.allocate((int) size * BLOCK_BYTES);
        } finally {
            lock.lock();
            try {
                growingBlocks -= size;
                if (memory != null) {
                    if (closed) {
                        buffers.release(memory);
                    } else {
                        install(memory);
                        publish();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    /** The blocks of the next arena, at least {@code blocks} within the cap, or 0. */
    private long growthBlocks(long blocks) {
        long size = Math.min(ARENA_BYTES / BLOCK_BYTES, capBlocks - reservedBlocks - growingBlocks);
        return size < blocks || size < 1 ? 0 : size;
    }

    /** Adds an arena of at least {@code blocks} blocks, under the lock; null when the cap leaves no room for it. */
    private Arena grow(long blocks) {
        long size = growthBlocks(blocks);
        return size == 0 ? null : install(buffers.allocate((int) size * BLOCK_BYTES));
    }

    private Arena install(ByteBuffer memory) {
        long size = memory.capacity() / BLOCK_BYTES;
        int id = 0;
        while (id < arenas.length && arenas[id] != null) {
            id++;
        }
        if (id == arenas.length) {
            arenas = Arrays.copyOf(arenas, arenas.length * 2);
        }
        Arena a = new Arena(id, memory);
        arenas[id] = a;
        published = arenas.clone();
        withFreeBlocks.set(id);
        reservedBlocks += size;
        freeBlocks += size;
        emptyArenas++;
        return a;
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
        published = arenas.clone();
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
