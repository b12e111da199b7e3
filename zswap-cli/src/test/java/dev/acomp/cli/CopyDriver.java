package dev.acomp.cli;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.spi.AcompDriver;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test driver whose "compression" is a copy: batches up to {@code batchSize} units, records how many
 * units each submission carried, and can corrupt the n-th page it decompresses, to prove that a bench
 * catches it.
 */
final class CopyDriver implements AcompDriver {
    static final int NEVER = -1;

    private final String name;
    private final int batchSize;
    private final int corruptedDecompression;
    final List<Integer> unitsPerSubmission = new CopyOnWriteArrayList<>();

    CopyDriver(String name, int batchSize, int corruptedDecompression) {
        this.name = name;
        this.batchSize = batchSize;
        this.corruptedDecompression = corruptedDecompression;
    }

    @Override
    public String algorithm() {
        return "copy";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
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
        return new CopyAcomp();
    }

    private final class CopyAcomp implements Acomp {
        private int decompressions;
        private boolean closed;

        @Override
        public String algorithm() {
            return "copy";
        }

        @Override
        public String driver() {
            return name;
        }

        @Override
        public int maxBatchSize() {
            return batchSize;
        }

        @Override
        public int maxCompressedLength(int sourceLength) {
            return sourceLength;
        }

        @Override
        public AcompRequest newRequest() {
            return new AcompRequest(this, batchSize, null, null);
        }

        @Override
        public void submit(AcompRequest request) {
            request.beginSubmission(this);
            unitsPerSubmission.add(request.units());
            for (int i = 0; i < request.units(); i++) {
                ByteBuffer src = request.source(i);
                ByteBuffer dst = request.destination(i);
                int n = src.remaining();
                if (dst.remaining() < n) {
                    request.unitFailed(i, new RequestFailedException.DestinationTooSmallException(name, i,
                            RequestFailedException.NO_NATIVE_CODE, n + " bytes", null));
                    continue;
                }
                dst.put(dst.position(), src, src.position(), n);
                if (request.operation() == Operation.DECOMPRESS && decompressions++ == corruptedDecompression) {
                    dst.put(dst.position() + 10, (byte) (dst.get(dst.position() + 10) ^ 1));
                }
                request.unitSucceeded(i, n);
            }
            request.complete((r, t) -> {
                throw new AssertionError("callback threw", t);
            });
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
