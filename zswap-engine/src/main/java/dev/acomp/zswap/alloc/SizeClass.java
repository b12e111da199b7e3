package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One size class: every object in it takes {@link #objectSize} bytes, in chunks (zspages) of
 * {@link #slotsPerChunk} objects over {@link #pagesPerChunk} pages, laid end to end over blocks of the
 * chunk's home arena (an object may straddle several). A chunk is an id into this class's arrays, not an
 * object, so that a chunk costs a few bytes: two home arenas, a one-byte block index per block, a packed
 * state word, and a bit per slot (live or free). An object's length is in its {@link Handle}, and its owner
 * is not recorded (see {@link ObjectOwners}). Blocks are mapped as the slots reach them, so a partly filled chunk holds only the
 * blocks it uses; a chunk whose home has no block left is capped at the slots it has.
 *
 * <p>Everything is under {@link #lock}, except each chunk's home and block table, which readers of a
 * live object use without it (published through the volatile {@code blocks}, grown by copy). A
 * released chunk id is reused by the next {@link #openChunk}, so steady churn allocates no metadata.
 */
final class SizeClass {
    // The state word of a chunk: slot counts, mapped blocks, flags.
    private static final int HIGH_WATER = 0;
    private static final int IN_USE = 12;
    private static final int MAPPED = 36;
    private static final long FIELD_MASK = 0xFFF;
    private static final long MAPPED_MASK = 0xFF;
    /** Holds blocks and may hold objects; clear once released for reuse. */
    private static final long IN_SERVICE = 1L << 44;
    /** Being emptied by compaction: takes no new objects. */
    private static final long ISOLATED = 1L << 45;
    /** On this class's stack of chunks with free slots. */
    private static final long ON_PARTIAL = 1L << 46;
    /** Its home arena had no block for the next slot: takes objects only into freed slots. */
    private static final long CAPPED = 1L << 47;

    final int index;
    final int objectSize;
    final int pagesPerChunk;
    final int slotsPerChunk;
    final int blocksPerChunk;
    /** Words of {@link #live} per chunk. */
    private final int liveWords;
    final ReentrantLock lock = new ReentrantLock();

    /**
     * Per chunk, for lock-free readers: its two home arenas ({@code 2 * id}, null when released, and
     * {@code 2 * id + 1}, null until taken) and the block table.
     */
    private static final class Blocks {
        final Arena[] home;
        final byte[] table;

        Blocks(Arena[] home, byte[] table) {
            this.home = home;
            this.table = table;
        }
    }

    private volatile Blocks blocks = new Blocks(new Arena[0], new byte[0]);
    /** Per chunk, {@link #liveWords} words: bit s set when slot s holds an object. */
    private long[] live = new long[0];
    private long[] state = new long[0];
    private int[] releasedIds = new int[0];
    private int releasedCount;
    private int chunkIdLimit;
    /** Chunks that had a free slot when pushed; stale tops are popped lazily. */
    private int[] partial = new int[0];
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
        this.blocksPerChunk = pagesPerChunk * ZsPool.PAGE_BYTES / Arenas.BLOCK_BYTES;
        this.liveWords = (slotsPerChunk + 63) / 64;
        if (slotsPerChunk >= Handle.MAX_SLOTS || blocksPerChunk > Arena.MAX_BLOCKS) {
            throw new IllegalArgumentException("a chunk of " + pagesPerChunk + " pages of " + objectSize
                    + "-byte objects is too large");
        }
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

    // ---- chunk state, under the lock ----

    private static int field(long s, int shift) {
        return (int) ((s >>> shift) & FIELD_MASK);
    }

    private void setField(int id, int shift, int value) {
        state[id] = (state[id] & ~(FIELD_MASK << shift)) | ((long) value << shift);
    }

    boolean inService(int id) {
        return id < chunkIdLimit && (state[id] & IN_SERVICE) != 0;
    }

    boolean isolated(int id) {
        return (state[id] & ISOLATED) != 0;
    }

    void setIsolated(int id, boolean isolated) {
        state[id] = isolated ? state[id] | ISOLATED : state[id] & ~ISOLATED;
    }

    int inUse(int id) {
        return field(state[id], IN_USE);
    }

    /** Slots the chunk can still fill: all but the live ones, or only the freed ones once capped. */
    int freeSlots(int id) {
        long s = state[id];
        int limit = (s & CAPPED) != 0 ? field(s, HIGH_WATER) : slotsPerChunk;
        return limit - field(s, IN_USE);
    }

    /** Slots below this may be live. */
    int usedSlotLimit(int id) {
        return field(state[id], HIGH_WATER);
    }

    boolean isLive(int id, int slot) {
        return slot < slotsPerChunk && (live[id * liveWords + (slot >>> 6)] & (1L << slot)) != 0;
    }

    /** Whether any block of the chunk is of {@code arena}. */
    boolean isHomedOn(int id, Arena arena) {
        Arena[] home = blocks.home;
        return home[2 * id] == arena || home[2 * id + 1] == arena;
    }

    int mappedBlocks(int id) {
        return (int) ((state[id] >>> MAPPED) & MAPPED_MASK);
    }

    /** Blocks to map before {@link #take} can fill the next slot; the chunk must have a free slot. */
    int blocksWanted(int id) {
        long s = state[id];
        if (field(s, HIGH_WATER) > field(s, IN_USE)) {
            return 0;
        }
        int end = (field(s, HIGH_WATER) + 1) * objectSize;
        return Math.max(0, (end + Arenas.BLOCK_BYTES - 1) / Arenas.BLOCK_BYTES - mappedBlocks(id));
    }

    /**
     * Maps {@code count} more blocks of the chunk's first home or, when it has run out, of its second
     * (taken now if need be); false, and the chunk capped, when neither has them.
     */
    boolean mapBlocks(int id, int count, Arenas arenas) {
        Blocks b = blocks;
        int at = id * blocksPerChunk + mappedBlocks(id);
        if (!arenas.take(b.home[2 * id], count, b.table, at, 0)) {
            Arena second = b.home[2 * id + 1];
            if (second == null) {
                second = arenas.chooseHome(count, blocksPerChunk - mappedBlocks(id));
                b.home[2 * id + 1] = second;
            }
            if (second == null || !arenas.take(second, count, b.table, at, Arenas.SECOND_HOME)) {
                state[id] |= CAPPED;
                return false;
            }
        }
        state[id] += (long) count << MAPPED;
        return true;
    }

    /** Gives the chunk's blocks back to their arenas. */
    void unmapBlocks(int id, Arenas arenas) {
        Blocks b = blocks;
        arenas.giveAll(b.home[2 * id], b.home[2 * id + 1], mappedBlocks(id), b.table, id * blocksPerChunk);
        state[id] &= ~(MAPPED_MASK << MAPPED);
    }

    /**
     * Takes a free slot: the lowest freed one (its blocks are mapped), else the next never used, which
     * must have {@link #blocksWanted} mapped.
     */
    int take(int id) {
        long s = state[id];
        int highWater = field(s, HIGH_WATER);
        int slot = highWater;
        if (highWater > field(s, IN_USE)) {
            int w = 0;
            while (live[id * liveWords + w] == -1L) {
                w++;
            }
            slot = (w << 6) + Long.numberOfTrailingZeros(~live[id * liveWords + w]);
        } else {
            setField(id, HIGH_WATER, highWater + 1);
        }
        live[id * liveWords + (slot >>> 6)] |= 1L << slot;
        setField(id, IN_USE, inUse(id) + 1);
        return slot;
    }

    void give(int id, int slot) {
        if (!isLive(id, slot)) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        live[id * liveWords + (slot >>> 6)] &= ~(1L << slot);
        setField(id, IN_USE, inUse(id) - 1);
    }

    // ---- object bytes, without the lock for a live object ----

    /** Copies {@code length} bytes of {@code src} from {@code srcIndex} to the object in {@code slot}. */
    void write(int id, int slot, ByteBuffer src, int srcIndex, int length) {
        transfer(blocks, id, slot * objectSize, src, srcIndex, length, true);
    }

    /** Copies {@code length} bytes of the object in {@code slot} into {@code dst} at {@code dstIndex}. */
    void read(int id, int slot, ByteBuffer dst, int dstIndex, int length) {
        transfer(blocks, id, slot * objectSize, dst, dstIndex, length, false);
    }

    /** Whether chunk {@code id} holds blocks: a live handle's chunk always does. */
    boolean hasHome(int id) {
        Arena[] home = blocks.home;
        return 2 * id < home.length && home[2 * id] != null;
    }

    /** Copies block by block between the chunk from {@code offset} and {@code buf} from {@code bufIndex}. */
    private void transfer(Blocks b, int id, int offset, ByteBuffer buf, int bufIndex, int length, boolean intoChunk) {
        int base = id * blocksPerChunk;
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            int entry = b.table[base + k];
            ByteBuffer memory = memory(b, id, entry);
            int at = (entry & Arenas.BLOCK_INDEX) * Arenas.BLOCK_BYTES + inBlock;
            if (intoChunk) {
                memory.put(at, buf, bufIndex, n);
            } else {
                buf.put(bufIndex, memory, at, n);
            }
            offset += n;
            bufIndex += n;
            length -= n;
        }
    }

    private static ByteBuffer memory(Blocks b, int id, int entry) {
        return b.home[2 * id + ((entry & Arenas.SECOND_HOME) >>> 7)].memory;
    }

    /** Copies the object in {@code slot} of chunk {@code id} to {@code toSlot} of chunk {@code to}. */
    void copy(int id, int slot, int to, int toSlot, int length) {
        Blocks b = blocks;
        int base = id * blocksPerChunk;
        int offset = slot * objectSize;
        int toOffset = toSlot * objectSize;
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            int entry = b.table[base + k];
            transfer(b, to, toOffset, memory(b, id, entry), (entry & Arenas.BLOCK_INDEX) * Arenas.BLOCK_BYTES
                    + inBlock, n, true);
            offset += n;
            toOffset += n;
            length -= n;
        }
    }

    // ---- chunks of the class, under the lock ----

    /** A chunk in service with a free slot, not isolated, or -1. */
    int partialChunk() {
        while (partialCount > 0) {
            int id = partial[partialCount - 1];
            if (inService(id) && freeSlots(id) > 0 && !isolated(id)) {
                return id;
            }
            partialCount--;
            state[id] &= ~ON_PARTIAL;
        }
        return -1;
    }

    /** Puts a chunk that has a free slot where {@link #partialChunk} finds it. */
    void markPartial(int id) {
        if ((state[id] & ON_PARTIAL) != 0) {
            return;
        }
        if (partialCount == partial.length) {
            partial = Arrays.copyOf(partial, grown(partial.length));
        }
        partial[partialCount++] = id;
        state[id] |= ON_PARTIAL;
    }

    /** Puts an empty chunk on {@code home} in service, reusing a released id if any; returns its id. */
    int openChunk(Arena home) {
        int id;
        if (releasedCount > 0) {
            id = releasedIds[--releasedCount];
        } else {
            id = chunkIdLimit;
            if (id == Handle.MAX_CHUNKS) {
                throw new IllegalStateException("size class " + objectSize + " has " + id + " chunks, the most");
            }
            ensureChunkCapacity(id + 1);
            chunkIdLimit++;
        }
        // Readers reach a chunk only through a handle published under its owner's lock, after this write.
        blocks.home[2 * id] = home;
        state[id] = IN_SERVICE | (state[id] & ON_PARTIAL);
        Arrays.fill(live, id * liveWords, (id + 1) * liveWords, 0);
        liveChunks++;
        return id;
    }

    private void ensureChunkCapacity(int chunks) {
        Blocks b = blocks;
        if (2 * chunks <= b.home.length) {
            return;
        }
        int capacity = grown(b.home.length / 2);
        live = Arrays.copyOf(live, capacity * liveWords);
        state = Arrays.copyOf(state, capacity);
        blocks = new Blocks(Arrays.copyOf(b.home, 2 * capacity), Arrays.copyOf(b.table, capacity * blocksPerChunk));
    }

    /** A capacity an eighth larger (at least one more): arrays grown by copy waste little metadata. */
    private static int grown(int capacity) {
        return capacity + Math.max(1, capacity / 8);
    }

    /** Takes an empty chunk, whose blocks went back to their arena, out of service. */
    void releaseChunk(int id) {
        state[id] &= ON_PARTIAL;
        blocks.home[2 * id] = null;
        blocks.home[2 * id + 1] = null;
        if (releasedCount == releasedIds.length) {
            releasedIds = Arrays.copyOf(releasedIds, grown(releasedIds.length));
        }
        releasedIds[releasedCount++] = id;
        liveChunks--;
    }

    /** Chunk ids below this may be in service. */
    int chunkIdLimit() {
        return chunkIdLimit;
    }

    int liveChunks() {
        return liveChunks;
    }

    /** Heap bytes of this class's bookkeeping, released chunks kept for reuse included. */
    long metadataBytes() {
        Blocks b = blocks;
        return 72 + 48 + 16 + arrayBytes(4, b.home.length) + arrayBytes(1, b.table.length)
                + arrayBytes(8, live.length) + arrayBytes(8, state.length) + arrayBytes(4, releasedIds.length)
                + arrayBytes(4, partial.length);
    }

    /** An array's heap bytes: a 16-byte header and its elements. */
    static long arrayBytes(int elementBytes, int length) {
        return 16 + (long) elementBytes * length;
    }
}
