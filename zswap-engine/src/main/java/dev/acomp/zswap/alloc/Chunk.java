package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A zspage: {@code slots} objects of one size class laid end to end over arena blocks (an object may
 * straddle several), with, per slot, the owner (or, for a free slot, the next free slot) and the
 * object's length. Blocks are mapped as the slots reach them, so a partly filled chunk holds only the
 * blocks it uses. A released chunk keeps its arrays for its class to reuse. Guarded by its class's lock,
 * except the block table, which readers of a live object use without it.
 */
final class Chunk {
    private static final long FREE = Long.MIN_VALUE;

    private final int objectSize;
    private final long[] owners;
    private final char[] lengths;
    private final Arena[] blockArenas;
    private final int[] blockOffsets;
    private int mappedBlocks;
    /** Slots from here on have never been used since the chunk was opened. */
    private int highWater;
    /** Most recently freed slot, or -1; freed slots are reused before new ones, as their blocks are mapped. */
    private int freeHead = -1;
    private int inUse;
    /** Holds blocks and may hold objects; false once released to its class for reuse. */
    boolean inService;
    /** Being emptied by compaction: takes no new objects. */
    boolean isolated;
    /** On its class's stack of chunks with free slots. */
    boolean onPartialStack;

    Chunk(int objectSize, int slots, int bytes) {
        this.objectSize = objectSize;
        this.owners = new long[slots];
        this.lengths = new char[slots];
        this.blockArenas = new Arena[bytes / Arenas.BLOCK_BYTES];
        this.blockOffsets = new int[blockArenas.length];
    }

    /** Puts a released (or new) chunk in service, empty and with no blocks. */
    void open() {
        highWater = 0;
        freeHead = -1;
        inUse = 0;
        isolated = false;
        inService = true;
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

    /** Slots below this may be live. */
    int usedSlotLimit() {
        return highWater;
    }

    boolean isLive(int slot) {
        return slot < highWater && owners[slot] >= 0;
    }

    long owner(int slot) {
        return owners[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    /** Blocks to map before {@link #take} can fill the next slot; the chunk must not be full. */
    int blocksWanted() {
        int slot = freeHead >= 0 ? freeHead : highWater;
        int end = (slot + 1) * objectSize;
        return Math.max(0, (end + Arenas.BLOCK_BYTES - 1) / Arenas.BLOCK_BYTES - mappedBlocks);
    }

    /** Takes a free slot for an object; the chunk must not be full and have {@link #blocksWanted} mapped. */
    int take(long owner, int length) {
        int slot;
        if (freeHead >= 0) {
            slot = freeHead;
            freeHead = (int) owners[slot];
        } else {
            slot = highWater++;
        }
        owners[slot] = owner;
        lengths[slot] = (char) length;
        inUse++;
        return slot;
    }

    void give(int slot) {
        if (!isLive(slot)) {
            throw new IllegalStateException("slot " + slot + " freed twice");
        }
        // The next free slot in the low 32 bits, -1 included.
        owners[slot] = FREE | (freeHead & 0xFFFF_FFFFL);
        lengths[slot] = 0;
        freeHead = slot;
        inUse--;
    }

    int mappedBlocks() {
        return mappedBlocks;
    }

    Arena blockArena(int k) {
        return blockArenas[k];
    }

    int blockOffset(int k) {
        return blockOffsets[k];
    }

    void mapBlock(Arena arena, int offset) {
        blockArenas[mappedBlocks] = arena;
        blockOffsets[mappedBlocks++] = offset;
    }

    /** After its blocks went back to their arenas: drops them, so a released arena is unreachable. */
    void unmapBlocks() {
        Arrays.fill(blockArenas, 0, mappedBlocks, null);
        mappedBlocks = 0;
    }

    /** Copies {@code length} bytes of {@code src} from {@code srcIndex} to {@code offset} in the chunk. */
    void write(int offset, ByteBuffer src, int srcIndex, int length) {
        transfer(offset, src, srcIndex, length, true);
    }

    /** Copies {@code length} bytes at {@code offset} in the chunk into {@code dst} at {@code dstIndex}. */
    void read(int offset, ByteBuffer dst, int dstIndex, int length) {
        transfer(offset, dst, dstIndex, length, false);
    }

    /** Copies block by block between the chunk from {@code offset} and {@code buf} from {@code bufIndex}. */
    private void transfer(int offset, ByteBuffer buf, int bufIndex, int length, boolean intoChunk) {
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            ByteBuffer block = blockArenas[k].memory;
            int at = blockOffsets[k] + inBlock;
            if (intoChunk) {
                block.put(at, buf, bufIndex, n);
            } else {
                buf.put(bufIndex, block, at, n);
            }
            offset += n;
            bufIndex += n;
            length -= n;
        }
    }

    /** Copies {@code length} bytes at {@code offset} into chunk {@code to} at {@code toOffset}. */
    void copyTo(int offset, Chunk to, int toOffset, int length) {
        while (length > 0) {
            int k = offset / Arenas.BLOCK_BYTES;
            int inBlock = offset % Arenas.BLOCK_BYTES;
            int n = Math.min(length, Arenas.BLOCK_BYTES - inBlock);
            to.write(toOffset, blockArenas[k].memory, blockOffsets[k] + inBlock, n);
            offset += n;
            toOffset += n;
            length -= n;
        }
    }

    /** Heap bytes of the per-slot and per-block metadata, for the overhead figures. */
    long metadataBytes() {
        return 16L + 8L * owners.length + 16L + 2L * lengths.length + 16L + 4L * blockArenas.length + 16L
                + 4L * blockOffsets.length + 64;
    }
}
