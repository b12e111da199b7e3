package dev.acomp.zswap.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One size class: every object in it takes {@link #objectSize} bytes, in chunks (zspages) of
 * {@link #slotsPerChunk} objects over {@link #pagesPerChunk} pages, laid end to end over arena blocks (an
 * object may straddle several). A chunk is an id into this class's arrays, not an object, so that it
 * costs a few bytes: a placement word (its two home arenas and where the second takes over), a one-byte
 * block index per block, and a state word followed by a bit per slot (live or free). An object's length
 * is in its {@link Handle}, and its owner is not recorded (see {@link ObjectOwners}). Blocks are mapped as
 * the slots reach them, from the first home (from the run the chunk claimed there, when it has one: its
 * objects then lie in one piece of memory each) until it runs out, then from the second, so a partly
 * filled chunk holds only the blocks it uses; a chunk whose homes have no block left is capped at the
 * slots it has.
 *
 * <p>Everything is under this object's monitor, except each chunk's placement and block table, which
 * readers of a live object use without it (in the volatile {@code blocks} array, grown by copy). A
 * released chunk id is reused by the next {@link #openChunk}, so steady churn allocates no metadata;
 * {@link #trim} gives back what a class no longer uses.
 */
final class SizeClass {
    // The state word of a chunk: slot counts, mapped blocks, flags, and the live bits of its first slots.
    private static final int HIGH_WATER = 0;
    private static final int IN_USE = 11;
    private static final int MAPPED = 22;
    private static final long FIELD_MASK = 0x7FF;
    private static final long MAPPED_MASK = 0x7F;
    /** Holds blocks and may hold objects; clear once released for reuse. */
    private static final long IN_SERVICE = 1L << 29;
    /** Being emptied by compaction: takes no new objects. */
    private static final long ISOLATED = 1L << 30;
    /** On this class's stack of chunks with free slots. */
    private static final long ON_PARTIAL = 1L << 31;
    /** Its homes had no block for the next slot: takes objects only into freed slots. */
    private static final long CAPPED = 1L << 32;
    /** A lane's current chunk ({@link #lanes}): off the partial stack, filled by that lane alone. */
    private static final long CURRENT = 1L << 33;
    /** Bit {@code LIVE + s} of the state word: slot s (below {@link #STATE_SLOTS}) holds an object. */
    private static final int LIVE = 34;
    private static final int STATE_SLOTS = 64 - LIVE;
    private static final long STATE_LIVE_MASK = (1L << STATE_SLOTS) - 1;

    // The placement word of a chunk: first and second home arena ids + 1 (0: none), the first block of
    // the second home, and whether the chunk claimed a run on its first home (its block table then lists
    // the whole run, the blocks not yet mapped too).
    private static final int SECOND_HOME = 24;
    private static final int SPLIT = 48;
    private static final long HOME_MASK = 0xFF_FFFF;
    private static final long SPLIT_MASK = 0x7FFF;
    private static final long RUN = 1L << 63;

    final int index;
    final int objectSize;
    final int pagesPerChunk;
    final int slotsPerChunk;
    final int blocksPerChunk;
    /** Blocks the first object of a chunk spans. */
    final int firstBlocks;
    /** Words per chunk in {@link #words}: the state word, then the live bits of the slots past its own. */
    private final int stride;

    /** The placement word in {@link #blocks}, little-endian. */
    private static final VarHandle PLACEMENT = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int PLACEMENT_BYTES = 8;

    /** Until a class opens its first chunk: shared, so that an unused class costs no arrays. */
    private static final byte[] NO_BLOCKS = new byte[0];
    private static final long[] NO_WORDS = new long[0];
    private static final int[] NO_IDS = new int[0];

    /**
     * Per chunk, {@link #blockStride} bytes for lock-free readers: the placement word, then the block
     * table, a byte per block.
     */
    private volatile byte[] blocks = NO_BLOCKS;
    private final int blockStride;
    /** Per chunk: its state word, then bit s of the following words set when slot STATE_SLOTS + s is live. */
    private long[] words = NO_WORDS;
    /** Bit id set: chunk id (below {@link #chunkIdLimit}) was released and may be reused. */
    private long[] released = NO_WORDS;
    /** No chunk id in the words of {@link #released} below this is released. */
    private int releasedFrom;
    private int chunkIdLimit;
    /** Chunks that had a free slot when pushed; stale tops are popped lazily. */
    private int[] partial = NO_IDS;
    private int partialCount;
    /** By lane, the id + 1 of its current chunk (0: none), where its objects go while it has room. */
    private int[] lanes = NO_IDS;
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
        this.firstBlocks = (objectSize + Arenas.BLOCK_BYTES - 1) / Arenas.BLOCK_BYTES;
        this.stride = 1 + (Math.max(0, slotsPerChunk - STATE_SLOTS) + 63) / 64;
        this.blockStride = PLACEMENT_BYTES + blocksPerChunk;
        if (slotsPerChunk >= Handle.MAX_SLOTS || blocksPerChunk > MAPPED_MASK) {
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

    private long placement(byte[] b, int id) {
        return (long) PLACEMENT.get(b, id * blockStride);
    }

    private void setPlacement(byte[] b, int id, long p) {
        PLACEMENT.set(b, id * blockStride, p);
    }

    /** Where block {@code k} of chunk {@code id} has its index in {@link #blocks}. */
    private int tableAt(int id, int k) {
        return id * blockStride + PLACEMENT_BYTES + k;
    }

    private long state(int id) {
        return words[id * stride];
    }

    private void setState(int id, long s) {
        words[id * stride] = s;
    }

    private static int field(long s, int shift) {
        return (int) ((s >>> shift) & FIELD_MASK);
    }

    private void setField(int id, int shift, int value) {
        setState(id, (state(id) & ~(FIELD_MASK << shift)) | ((long) value << shift));
    }

    boolean inService(int id) {
        return id < chunkIdLimit && (state(id) & IN_SERVICE) != 0;
    }

    boolean isolated(int id) {
        return (state(id) & ISOLATED) != 0;
    }

    void setIsolated(int id, boolean isolated) {
        setState(id, isolated ? state(id) | ISOLATED : state(id) & ~ISOLATED);
    }

    int inUse(int id) {
        return field(state(id), IN_USE);
    }

    /** Slots the chunk can still fill: all but the live ones, or only the freed ones once capped. */
    int freeSlots(int id) {
        long s = state(id);
        int limit = (s & CAPPED) != 0 ? field(s, HIGH_WATER) : slotsPerChunk;
        return limit - field(s, IN_USE);
    }

    boolean isLive(int id, int slot) {
        if (slot < STATE_SLOTS) {
            return slot < slotsPerChunk && (state(id) & 1L << (LIVE + slot)) != 0;
        }
        int s = slot - STATE_SLOTS;
        return slot < slotsPerChunk && (words[id * stride + 1 + (s >>> 6)] & (1L << s)) != 0;
    }

    private void setLive(int id, int slot, boolean live) {
        int at = id * stride;
        long bit = 1L << (LIVE + slot);
        if (slot >= STATE_SLOTS) {
            at += 1 + ((slot - STATE_SLOTS) >>> 6);
            bit = 1L << (slot - STATE_SLOTS);
        }
        words[at] = live ? words[at] | bit : words[at] & ~bit;
    }

    /** The lowest slot not live (below the high water when a freed slot exists). */
    private int lowestFree(int id) {
        long free = ~(state(id) >>> LIVE) & STATE_LIVE_MASK;
        if (free != 0) {
            return Long.numberOfTrailingZeros(free);
        }
        int w = id * stride + 1;
        while (words[w] == -1L) {
            w++;
        }
        return STATE_SLOTS + ((w - id * stride - 1) << 6) + Long.numberOfTrailingZeros(~words[w]);
    }

    /** Whether any block of the chunk is of {@code arena}. */
    boolean isHomedOn(int id, Arena arena) {
        long p = placement(blocks, id);
        return (p & HOME_MASK) == arena.id + 1 || ((p >>> SECOND_HOME) & HOME_MASK) == arena.id + 1;
    }

    int mappedBlocks(int id) {
        return (int) ((state(id) >>> MAPPED) & MAPPED_MASK);
    }

    /** Blocks to map before {@link #take} can fill the next slot; the chunk must have a free slot. */
    int blocksWanted(int id) {
        long s = state(id);
        if (field(s, HIGH_WATER) > field(s, IN_USE)) {
            return 0;
        }
        int end = (field(s, HIGH_WATER) + 1) * objectSize;
        return Math.max(0, (end + Arenas.BLOCK_BYTES - 1) / Arenas.BLOCK_BYTES - mappedBlocks(id));
    }

    /**
     * Maps {@code count} more blocks of the chunk's first home (out of its promise there) or, once that has
     * run out, of its second (taken now if need be); false, and the chunk capped, when neither has them.
     */
    boolean mapBlocks(int id, int count, Arenas arenas) {
        byte[] b = blocks;
        long p = placement(b, id);
        int mapped = mappedBlocks(id);
        int at = tableAt(id, mapped);
        Arena first = arenas.arena((int) (p & HOME_MASK) - 1);
        int second = (int) ((p >>> SECOND_HOME) & HOME_MASK);
        boolean taken;
        boolean run = (p & RUN) != 0;
        if (second == 0 && arenas.take(first, count, b, at, true, run)) {
            taken = true;
        } else {
            if (second == 0) {
                // The first home's promise was overtaken: what is left of it goes back.
                if (first != null) {
                    arenas.unpromise(first, blocksPerChunk - mapped, b, at, run);
                }
                Arena spill = arenas.chooseSecondHome(count);
                if (spill != null) {
                    second = spill.id + 1;
                    setPlacement(b, id, p | (long) second << SECOND_HOME | (long) mapped << SPLIT);
                }
            }
            taken = second != 0 && arenas.take(arenas.arena(second - 1), count, b, at, false, false);
        }
        if (!taken) {
            setState(id, state(id) | CAPPED);
            return false;
        }
        setState(id, state(id) + ((long) count << MAPPED));
        return true;
    }

    /** Gives the chunk's blocks back to their arenas, and what its first home still promised it. */
    void unmapBlocks(int id, Arenas arenas) {
        byte[] b = blocks;
        long p = placement(b, id);
        int mapped = mappedBlocks(id);
        Arena first = arenas.arena((int) (p & HOME_MASK) - 1);
        boolean spilled = (p >>> SECOND_HOME & HOME_MASK) != 0;
        int split = spilled ? (int) (p >>> SPLIT & SPLIT_MASK) : mapped;
        // A chunk that spilled or was capped gave its promise back then.
        if (!spilled && (state(id) & CAPPED) == 0) {
            arenas.unpromise(first, blocksPerChunk - mapped, b, tableAt(id, mapped), (p & RUN) != 0);
        }
        arenas.giveAll(first, split, b, tableAt(id, 0));
        if (split < mapped) {
            arenas.giveAll(arenas.arena((int) (p >>> SECOND_HOME & HOME_MASK) - 1), mapped - split, b,
                    tableAt(id, split));
        }
        setState(id, state(id) & ~(MAPPED_MASK << MAPPED));
    }

    /**
     * Takes a free slot: the lowest freed one (its blocks are mapped), else the next never used, which
     * must have {@link #blocksWanted} mapped.
     */
    int take(int id) {
        long s = state(id);
        int highWater = field(s, HIGH_WATER);
        int slot = highWater;
        if (highWater > field(s, IN_USE)) {
            slot = lowestFree(id);
        } else {
            setField(id, HIGH_WATER, highWater + 1);
        }
        occupy(id, slot);
        return slot;
    }

    private void occupy(int id, int slot) {
        setLive(id, slot, true);
        setField(id, IN_USE, inUse(id) + 1);
    }

    /**
     * Takes {@code slot} of chunk {@code id} when it is free below the high water (so its blocks are
     * mapped) in a chunk in service and not isolated; false otherwise.
     */
    boolean takeFreed(int id, int slot) {
        if (!inService(id) || isolated(id) || slot >= field(state(id), HIGH_WATER) || isLive(id, slot)) {
            return false;
        }
        occupy(id, slot);
        return true;
    }

    void give(int id, int slot) {
        if (!isLive(id, slot)) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        setLive(id, slot, false);
        setField(id, IN_USE, inUse(id) - 1);
    }

    // ---- object bytes, without the lock for a live object ----

    /** Copies {@code length} bytes of {@code src} from {@code srcIndex} to the object in {@code slot}. */
    void write(int id, int slot, ByteBuffer src, int srcIndex, int length, Arenas arenas) {
        transfer(liveBlocks(id), id, slot * objectSize, src, srcIndex, length, true, arenas.published());
    }

    /** Copies {@code length} bytes of the object in {@code slot} into {@code dst} at {@code dstIndex}. */
    void read(int id, int slot, ByteBuffer dst, int dstIndex, int length, Arenas arenas) {
        transfer(liveBlocks(id), id, slot * objectSize, dst, dstIndex, length, false, arenas.published());
    }

    /**
     * The object in {@code slot} in place, on {@code reader}'s view of its arena ({@link Arena#view}), when
     * it lies in a row of blocks of one arena; else null.
     */
    ByteBuffer readInPlace(int id, int slot, int length, int reader, Arenas arenas) {
        byte[] b = liveBlocks(id);
        long p = placement(b, id);
        int offset = slot * objectSize;
        int k = offset / Arenas.BLOCK_BYTES;
        int last = (offset + length - 1) / Arenas.BLOCK_BYTES;
        int base = tableAt(id, 0);
        int first = b[base + k] & 0xff;
        for (int j = k + 1; j <= last; j++) {
            if ((b[base + j] & 0xff) != first + j - k) {
                return null;
            }
        }
        if (homeOf(p, k) != homeOf(p, last)) {
            return null;
        }
        return arenas.published()[(int) homeOf(p, k) - 1].view(reader,
                first * Arenas.BLOCK_BYTES + offset % Arenas.BLOCK_BYTES, length);
    }

    /** The block array, checked to hold chunk {@code id}: a live handle's chunk always does. */
    private byte[] liveBlocks(int id) {
        byte[] b = blocks;
        if ((id + 1) * blockStride > b.length || placement(b, id) == 0) {
            throw new IllegalStateException("object in a released chunk " + id + " of size class " + objectSize);
        }
        return b;
    }

    /** The id + 1 of the arena of block {@code k} of a chunk with placement {@code p}. */
    private static long homeOf(long p, int k) {
        long second = p >>> SECOND_HOME & HOME_MASK;
        return second != 0 && k >= (int) (p >>> SPLIT & SPLIT_MASK) ? second : p & HOME_MASK;
    }

    /** The memory of block {@code k} of a chunk with placement {@code p}. */
    private static ByteBuffer memory(long p, int k, Arena[] arenas) {
        return arenas[(int) homeOf(p, k) - 1].memory;
    }

    /** Copies block by block between the chunk from {@code offset} and {@code buf} from {@code bufIndex}. */
    private void transfer(byte[] b, int id, int offset, ByteBuffer buf, int bufIndex, int length, boolean intoChunk,
            Arena[] arenas) {
        long p = placement(b, id);
        int base = tableAt(id, 0);
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            ByteBuffer memory = memory(p, k, arenas);
            int at = (b[base + k] & 0xff) * Arenas.BLOCK_BYTES + inBlock;
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

    /** Copies the object in {@code slot} of chunk {@code id} to {@code toSlot} of chunk {@code to}. */
    void copy(int id, int slot, int to, int toSlot, int length, Arenas arenasOf) {
        byte[] b = blocks;
        Arena[] arenas = arenasOf.published();
        long p = placement(b, id);
        int base = tableAt(id, 0);
        int offset = slot * objectSize;
        int toOffset = toSlot * objectSize;
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            transfer(b, to, toOffset, memory(p, k, arenas), (b[base + k] & 0xff) * Arenas.BLOCK_BYTES + inBlock, n,
                    true, arenas);
            offset += n;
            toOffset += n;
            length -= n;
        }
    }

    // ---- chunks of the class, under the lock ----

    /**
     * A chunk in service with a free slot, not isolated, or -1. For a lane: its current chunk while that has
     * room, else the top of the partial stack. As SLUB's per-CPU slab: a lane's objects lie together in the
     * order it stored them, and two lanes storing at once do not write the same chunk. A class of fewer than
     * {@link ZsPool#LANE_CHUNKS} chunks has one lane. For {@link ZsPool#NO_LANE} (compaction): the top of the
     * stack, else a lane's current chunk.
     */
    int partialChunk(int lane) {
        if (lane != ZsPool.NO_LANE) {
            if (liveChunks < ZsPool.LANE_CHUNKS && lane != 0) {
                dropCurrent(lane);
                lane = 0;
            }
            int current = lane < lanes.length ? lanes[lane] - 1 : -1;
            if (current >= 0 && hasRoom(current)) {
                return current;
            }
            dropCurrent(lane);
        }
        int top = topPartial();
        if (top >= 0) {
            return top;
        }
        if (lane == ZsPool.NO_LANE) {
            for (int current : lanes) {
                if (current != 0 && hasRoom(current - 1)) {
                    return current - 1;
                }
            }
        }
        return -1;
    }

    /** Puts the lane's current chunk, if any, back on the partial stack when it has room. */
    private void dropCurrent(int lane) {
        if (lane < lanes.length && lanes[lane] != 0) {
            int id = lanes[lane] - 1;
            lanes[lane] = 0;
            setState(id, state(id) & ~CURRENT);
            markPartial(id);
        }
    }

    /** Pops the stale tops of the partial stack; the chunk on top then, or -1 when none is left. */
    private int topPartial() {
        while (partialCount > 0) {
            int id = partial[partialCount - 1];
            if (available(id)) {
                return id;
            }
            partialCount--;
            setState(id, state(id) & ~ON_PARTIAL);
        }
        return -1;
    }

    /** Whether a chunk in service can take an object: it has a free slot and is not isolated. */
    private boolean hasRoom(int id) {
        return freeSlots(id) > 0 && !isolated(id);
    }

    /** Whether a chunk on the partial stack can take an object there: it may since have filled or gone. */
    private boolean available(int id) {
        return inService(id) && hasRoom(id) && (state(id) & CURRENT) == 0;
    }

    /** A new chunk goes to the lane that opened it, or for {@link ZsPool#NO_LANE} on the partial stack. */
    void adopt(int id, int lane) {
        if (lane == ZsPool.NO_LANE) {
            markPartial(id);
        } else {
            makeCurrent(id, lane);
        }
    }

    private void makeCurrent(int id, int lane) {
        if (lane >= lanes.length) {
            lanes = Arrays.copyOf(lanes, ZsPool.LANES);
        }
        lanes[lane] = id + 1;
        setState(id, state(id) | CURRENT);
    }

    /** Puts a chunk that has a free slot where {@link #partialChunk} finds it. */
    void markPartial(int id) {
        if ((state(id) & (ON_PARTIAL | CURRENT)) != 0 || !hasRoom(id)) {
            return;
        }
        if (partialCount == partial.length) {
            partial = Arrays.copyOf(partial, grown(partial.length));
        }
        partial[partialCount++] = id;
        setState(id, state(id) | ON_PARTIAL);
    }

    /**
     * Puts a new chunk in service with the blocks of its first object mapped, on the home
     * {@link Arenas#chooseHome} picks, reusing the lowest released id if any (so that the highest drain and
     * {@link #trim} can give their room back); returns its id, or -1 when there is no home.
     */
    int openChunk(Arenas arenas, boolean mayGrow) {
        int id;
        boolean reused = liveChunks < chunkIdLimit;
        if (reused) {
            while (released[releasedFrom] == 0) {
                releasedFrom++;
            }
            id = (releasedFrom << 6) + Long.numberOfTrailingZeros(released[releasedFrom]);
        } else {
            id = chunkIdLimit;
            if (id == Handle.MAX_CHUNKS) {
                throw new IllegalStateException("size class " + objectSize + " has " + id + " chunks, the most");
            }
            ensureChunkCapacity(id + 1);
        }
        int home = arenas.chooseHome(firstBlocks, blocksPerChunk, mayGrow, blocks, tableAt(id, 0));
        if (home < 0) {
            return -1;
        }
        if (reused) {
            released[releasedFrom] &= ~(1L << id);
        } else {
            chunkIdLimit++;
        }
        // Readers reach a chunk only through a handle published under its owner's lock, after this write.
        setPlacement(blocks, id, (home & ~Arenas.RUN) + 1 | ((home & Arenas.RUN) != 0 ? RUN : 0));
        Arrays.fill(words, id * stride + 1, (id + 1) * stride, 0);
        // The state word's live bits are cleared here too.
        setState(id, IN_SERVICE | (state(id) & ON_PARTIAL) | (long) firstBlocks << MAPPED);
        liveChunks++;
        return id;
    }

    private void ensureChunkCapacity(int chunks) {
        int held = blocks.length / blockStride;
        if (chunks <= held) {
            return;
        }
        resize(grown(held));
    }

    private void resize(int capacity) {
        words = Arrays.copyOf(words, capacity * stride);
        released = Arrays.copyOf(released, (capacity + 63) >>> 6);
        blocks = Arrays.copyOf(blocks, capacity * blockStride);
    }

    /** A capacity an eighth larger (at least one more): arrays grown by copy waste little metadata. */
    private static int grown(int capacity) {
        return capacity + Math.max(1, capacity / 8);
    }

    /** Takes an empty chunk, whose blocks went back to their arenas, out of service. */
    void releaseChunk(int id) {
        if ((state(id) & CURRENT) != 0) {
            for (int lane = 0; lane < lanes.length; lane++) {
                if (lanes[lane] == id + 1) {
                    lanes[lane] = 0;
                }
            }
        }
        setState(id, state(id) & ON_PARTIAL);
        setPlacement(blocks, id, 0);
        released[id >>> 6] |= 1L << id;
        releasedFrom = Math.min(releasedFrom, id >>> 6);
        liveChunks--;
    }

    /**
     * Drops the released chunks above the highest in service, and the stale entries of the partial stack,
     * and gives back the arrays' room beyond an eighth over what is left (after compaction, which may
     * have emptied a class: the arrays then shrink as they grew, by copy).
     */
    void trim() {
        int n = 0;
        for (int k = 0; k < partialCount; k++) {
            int id = partial[k];
            if (available(id)) {
                partial[n++] = id;
            } else {
                setState(id, state(id) & ~ON_PARTIAL);
            }
        }
        partialCount = n;
        while (chunkIdLimit > 0 && !inService(chunkIdLimit - 1)) {
            chunkIdLimit--;
            released[chunkIdLimit >>> 6] &= ~(1L << chunkIdLimit);
        }
        releasedFrom = Math.min(releasedFrom, chunkIdLimit >>> 6);
        if (grown(chunkIdLimit) < blocks.length / blockStride) {
            if (chunkIdLimit == 0) {
                lanes = NO_IDS;
                words = NO_WORDS;
                released = NO_WORDS;
                blocks = NO_BLOCKS;
            } else {
                resize(chunkIdLimit);
            }
        }
        if (grown(partialCount) < partial.length) {
            partial = partialCount == 0 ? NO_IDS : Arrays.copyOf(partial, partialCount);
        }
    }

    /** Chunk ids below this may be in service. */
    int chunkIdLimit() {
        return chunkIdLimit;
    }

    int liveChunks() {
        return liveChunks;
    }

    /**
     * Heap bytes of this class's bookkeeping, released chunks kept for reuse included: this object, its
     * holder and its arrays (the shared empty ones count nothing).
     */
    long metadataBytes() {
        return 96 + arrayBytes(1, blocks.length) + arrayBytes(8, words.length) + arrayBytes(8, released.length)
                + arrayBytes(4, partial.length) + arrayBytes(4, lanes.length);
    }

    /** An array's heap bytes: a 16-byte header and its elements (0 for an empty array). */
    static long arrayBytes(int elementBytes, int length) {
        return length == 0 ? 0 : 16 + (long) elementBytes * length;
    }
}
