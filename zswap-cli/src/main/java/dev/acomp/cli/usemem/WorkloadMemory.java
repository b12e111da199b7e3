package dev.acomp.cli.usemem;

import com.sun.jna.Memory;
import dev.acomp.zswap.memory.CompressedMemory;
import java.nio.ByteBuffer;

/**
 * The memory {@code zswap usemem} works on: a {@link CompressedMemory} region, or plain anonymous memory
 * (for running under the kernel's zswap). Seen as 1 GiB direct buffers, as one buffer holds at most 2 GiB.
 */
final class WorkloadMemory implements AutoCloseable {
    static final int CHUNK_SHIFT = 30;
    private static final int PAGE = 4096;

    private final CompressedMemory region;
    private final Memory plain;
    private final ByteBuffer[] chunks;

    private WorkloadMemory(CompressedMemory region, Memory plain, long size) {
        this.region = region;
        this.plain = plain;
        this.chunks = new ByteBuffer[(int) ((size + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT)];
        for (int i = 0; i < chunks.length; i++) {
            long offset = (long) i << CHUNK_SHIFT;
            int length = (int) Math.min(1L << CHUNK_SHIFT, size - offset);
            chunks[i] = region != null ? region.buffer(offset, length) : plain.getByteBuffer(offset, length);
        }
    }

    static WorkloadMemory of(CompressedMemory region) {
        return new WorkloadMemory(region, null, region.size());
    }

    /**
     * Anonymous memory from malloc (an mmap of its own at this size), untouched until written; a size malloc
     * refuses is a {@link MemoryUnavailableException}.
     */
    static WorkloadMemory plain(long size) {
        Memory memory;
        try {
            memory = new Memory(size);
        } catch (OutOfMemoryError e) {
            // JNA's word for malloc returning NULL: this one size, not the JVM's heap.
            throw new MemoryUnavailableException("cannot allocate " + size + " bytes of plain memory: malloc failed",
                    e);
        }
        return new WorkloadMemory(null, memory, size);
    }

    /** The region, or null for plain memory. */
    CompressedMemory region() {
        return region;
    }

    /** A thread's own view of the buffer holding {@code page}; reuse it for the pages of that chunk. */
    ByteBuffer[] views() {
        ByteBuffer[] views = new ByteBuffer[chunks.length];
        for (int i = 0; i < views.length; i++) {
            views[i] = chunks[i].duplicate().order(chunks[i].order());
        }
        return views;
    }

    static ByteBuffer chunkOf(ByteBuffer[] views, long page) {
        return views[(int) ((page * PAGE) >>> CHUNK_SHIFT)];
    }

    static int offsetOf(long page) {
        return (int) ((page * PAGE) & ((1L << CHUNK_SHIFT) - 1));
    }

    @Override
    public void close() {
        if (region != null) {
            region.close();
        } else {
            plain.close();
        }
    }
}
