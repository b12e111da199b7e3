package dev.acomp.cli.run;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.Status;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;

/**
 * A test codec that drops a page's trailing zero bytes and restores them (lossless for whole pages), and
 * that can be told to flip the first byte of every page it decompresses: a broken driver, to prove that a
 * run catches what a broken driver does.
 */
public final class TrailingZerosDriver implements AcompDriver {
    public static final String NAME = "trailing-zeros";

    private final boolean corrupt;

    public TrailingZerosDriver(boolean corrupt) {
        this.corrupt = corrupt;
    }

    @Override
    public String algorithm() {
        return "trailing-zeros";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public int maxBatchSize() {
        return 1;
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
        return new SequentialAcomp<AutoCloseable>(algorithm(), NAME, options) {
            @Override
            public int maxCompressedLength(int sourceLength) {
                return sourceLength;
            }

            @Override
            protected AutoCloseable newContext() {
                return () -> { };
            }

            @Override
            protected int compress(AutoCloseable context, ByteBuffer src, ByteBuffer dst) {
                int end = src.limit();
                while (end > src.position() && src.get(end - 1) == 0) {
                    end--;
                }
                int n = end - src.position();
                if (n > dst.remaining()) {
                    throw failure(Status.DESTINATION_TOO_SMALL, n + " bytes", null);
                }
                dst.put(dst.position(), src, src.position(), n);
                return n;
            }

            @Override
            protected int decompress(AutoCloseable context, ByteBuffer src, ByteBuffer dst) {
                int n = src.remaining();
                dst.put(dst.position(), src, src.position(), n);
                for (int i = dst.position() + n; i < dst.limit(); i++) {
                    dst.put(i, (byte) 0);
                }
                if (corrupt) {
                    dst.put(dst.position(), (byte) ~dst.get(dst.position()));
                }
                return dst.remaining();
            }
        };
    }
}
