package dev.acomp.zswap.testing;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.CallbackFailureHandler;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.spi.AcompDriver;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A test driver ("fake-bN", algorithm "fake") over the JDK's deflate, with a chosen batch size and
 * injectable failures: newRequest() failing on its Nth call, compression failing for pages whose first
 * byte is {@link #POISON}, decompression failing on demand. Counts open requests and the largest batch.
 */
public final class FakeDriver implements AcompDriver {
    /** A page starting with this byte fails to compress while {@link #poisonPages} is set. */
    public static final byte POISON = (byte) 0xA5;

    private final String name;
    private final int batch;
    public final AtomicInteger requestsMade = new AtomicInteger();
    public final AtomicInteger openRequests = new AtomicInteger();
    public final AtomicInteger largestBatch = new AtomicInteger();
    public final AtomicInteger transformsOpen = new AtomicInteger();
    public volatile int failNewRequestAt = -1;
    public volatile boolean poisonPages;
    public volatile boolean failDecompression;

    public FakeDriver(String name, int batch) {
        this.name = name;
        this.batch = batch;
    }

    public FakeDriver(int batch) {
        this("fake-b" + batch, batch);
    }

    @Override
    public String algorithm() {
        return "fake";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public int maxBatchSize() {
        return batch;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Throwable cause() {
        return null;
    }

    @Override
    public Acomp allocate(AcompOptions options) {
        transformsOpen.incrementAndGet();
        return new FakeAcomp();
    }

    private final class FakeAcomp implements Acomp {
        private volatile boolean closed;

        @Override
        public String algorithm() {
            return "fake";
        }

        @Override
        public String driver() {
            return name;
        }

        @Override
        public int maxBatchSize() {
            return batch;
        }

        @Override
        public int maxCompressedLength(int n) {
            return n + n / 8 + 64;
        }

        @Override
        public AcompRequest newRequest() {
            int n = requestsMade.incrementAndGet();
            if (n == failNewRequestAt) {
                throw new IllegalStateException("injected: newRequest " + n + " fails");
            }
            openRequests.incrementAndGet();
            AtomicInteger released = new AtomicInteger();
            return new AcompRequest(this, batch, null, () -> {
                if (released.getAndIncrement() == 0) {
                    openRequests.decrementAndGet();
                }
            });
        }

        @Override
        public void submit(AcompRequest request) {
            request.beginSubmission(this);
            largestBatch.accumulateAndGet(request.units(), Math::max);
            for (int i = 0; i < request.units(); i++) {
                ByteBuffer src = request.source(i).duplicate();
                ByteBuffer dst = request.destination(i).duplicate();
                try {
                    int n = request.operation() == Operation.COMPRESS ? compress(i, src, dst) : decompress(i, src, dst);
                    request.unitSucceeded(i, n);
                } catch (RequestFailedException e) {
                    request.unitFailed(i, e);
                }
            }
            request.complete(CallbackFailureHandler.logging());
        }

        private int compress(int unit, ByteBuffer src, ByteBuffer dst) {
            if (poisonPages && src.get(src.position()) == POISON) {
                throw new RequestFailedException.BackendFailureException(name, unit, 42, "injected failure", null);
            }
            Deflater d = new Deflater(1);
            try {
                d.setInput(src);
                d.finish();
                int start = dst.position();
                d.deflate(dst);
                if (!d.finished()) {
                    throw new RequestFailedException.DestinationTooSmallException(name, unit,
                            RequestFailedException.NO_NATIVE_CODE, "output does not fit", null);
                }
                return dst.position() - start;
            } finally {
                d.end();
            }
        }

        private int decompress(int unit, ByteBuffer src, ByteBuffer dst) {
            if (failDecompression) {
                throw new RequestFailedException.CorruptInputException(name, unit, -1, "injected corruption", null);
            }
            Inflater inf = new Inflater();
            try {
                inf.setInput(src);
                int start = dst.position();
                inf.inflate(dst);
                return dst.position() - start;
            } catch (DataFormatException e) {
                throw new RequestFailedException.CorruptInputException(name, unit, -1, e.getMessage(), e);
            } finally {
                inf.end();
            }
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                transformsOpen.decrementAndGet();
            }
        }
    }
}
