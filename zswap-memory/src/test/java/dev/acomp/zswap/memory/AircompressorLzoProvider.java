package dev.acomp.zswap.memory;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.Status;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompProvider;
import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.spi.SequentialAcomp;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Test support: an {@code lzo} driver on aircompressor's pure-Java LZO1X (the example plugin's codec), so that
 * the region's pages are compressed by one implementation and decompressed by another, liblzo2 in the fault
 * threads. Found by the registry through this module's test resources.
 */
public final class AircompressorLzoProvider implements AcompProvider {
    @Override
    public List<AcompDriver> drivers() {
        return List.of(new Driver());
    }

    private static final class Driver implements AcompDriver {
        @Override
        public String algorithm() {
            return "lzo";
        }

        @Override
        public String name() {
            return "lzo-aircompressor-test";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public int maxBatchSize() {
            return 1;
        }

        @Override
        public Throwable cause() {
            return null;
        }

        @Override
        public AcompTransform<?> allocate(AcompOptions options) {
            return new Transform(name(), options);
        }
    }

    /** aircompressor works on arrays: each request has its codecs and arrays. */
    private static final class Codecs implements AutoCloseable {
        final LzoCompressor compressor = new LzoCompressor();
        final LzoDecompressor decompressor = new LzoDecompressor();
        byte[] in = new byte[0];
        byte[] out = new byte[0];

        byte[] in(ByteBuffer src) {
            if (in.length < src.remaining()) {
                in = new byte[src.remaining()];
            }
            src.get(src.position(), in, 0, src.remaining());
            return in;
        }

        byte[] out(int length) {
            if (out.length < length) {
                out = new byte[length];
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    private static final class Transform extends SequentialAcomp<Codecs> {
        private final LzoCompressor bound = new LzoCompressor();

        Transform(String driver, AcompOptions options) {
            super(driver, options);
        }

        @Override
        public int maxCompressedLength(int sourceLength) {
            return bound.maxCompressedLength(sourceLength);
        }

        @Override
        protected Codecs newContext() {
            return new Codecs();
        }

        @Override
        protected int compress(Codecs c, ByteBuffer src, ByteBuffer dst) {
            int max = bound.maxCompressedLength(src.remaining());
            int n = c.compressor.compress(c.in(src), 0, src.remaining(), c.out(max), 0, max);
            if (n > dst.remaining()) {
                throw failure(Status.DESTINATION_TOO_SMALL, n + " bytes do not fit", null);
            }
            dst.put(dst.position(), c.out, 0, n);
            return n;
        }

        @Override
        protected int decompress(Codecs c, ByteBuffer src, ByteBuffer dst) {
            int n = c.decompressor.decompress(c.in(src), 0, src.remaining(), c.out(dst.remaining()), 0,
                    dst.remaining());
            dst.put(dst.position(), c.out, 0, n);
            return n;
        }
    }
}
