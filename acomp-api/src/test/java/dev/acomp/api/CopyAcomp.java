package dev.acomp.api;

import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sequential transform whose "compression" is a copy, to test the request life cycle: a source
 * starting with {@code '!'} is corrupt, one starting with {@code '?'} makes the codec throw a runtime
 * exception, one starting with {@code '#'} an {@link Error}, as a native codec's missing symbol would.
 */
final class CopyAcomp extends SequentialAcomp<CopyAcomp.Context> {
    final AtomicInteger contextsClosed = new AtomicInteger();

    CopyAcomp(String driver, AcompOptions options) {
        super(driver, options);
    }

    final class Context implements AutoCloseable {
        @Override
        public void close() {
            contextsClosed.incrementAndGet();
        }
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        return sourceLength;
    }

    @Override
    protected Context newContext() {
        return new Context();
    }

    @Override
    protected int compress(Context context, ByteBuffer src, ByteBuffer dst) {
        return copy(src, dst);
    }

    @Override
    protected int decompress(Context context, ByteBuffer src, ByteBuffer dst) {
        return copy(src, dst);
    }

    private int copy(ByteBuffer src, ByteBuffer dst) {
        byte first = src.hasRemaining() ? src.get(src.position()) : 0;
        if (first == '!') {
            throw failure(Status.CORRUPT_INPUT, "starts with !", null);
        }
        if (first == '?') {
            throw new ArithmeticException("unexpected");
        }
        if (first == '#') {
            throw new UnsatisfiedLinkError("codec symbol missing");
        }
        if (src.remaining() > dst.remaining()) {
            throw failure(Status.DESTINATION_TOO_SMALL, null, null);
        }
        dst.put(dst.position(), src, src.position(), src.remaining());
        return src.remaining();
    }
}
