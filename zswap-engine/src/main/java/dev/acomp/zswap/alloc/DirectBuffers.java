package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Every direct buffer an engine holds (allocator arenas, context buffers) is taken and given back here,
 * so the native bytes an engine holds are counted and a leak shows as a non-zero count after close. The
 * JDK frees a released buffer's memory once it is unreachable; no buffer is used after release.
 */
public final class DirectBuffers {
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final IntFunction<ByteBuffer> allocator;

    public DirectBuffers() {
        this(ByteBuffer::allocateDirect);
    }

    /** Buffers from {@code allocator} (a hook for tests that inject allocation failures). */
    public DirectBuffers(IntFunction<ByteBuffer> allocator) {
        this.allocator = allocator;
    }

    /** A zeroed direct buffer of {@code bytes}, counted until {@link #release}d. */
    public ByteBuffer allocate(int bytes) {
        ByteBuffer b = allocator.apply(bytes);
        allocatedBytes.addAndGet(bytes);
        return b;
    }

    /** Gives back a buffer from {@link #allocate}; the caller drops every reference to it. */
    public void release(ByteBuffer buffer) {
        allocatedBytes.addAndGet(-buffer.capacity());
    }

    /** Direct bytes allocated and not yet released. */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }
}
