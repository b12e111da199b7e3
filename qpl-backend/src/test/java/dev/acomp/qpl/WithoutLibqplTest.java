package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution, with acomp.qpl.library naming a file that does not exist (JNA
 * binds once per class loader, so this cannot share a JVM with the simulator's tests).
 */
class WithoutLibqplTest {

    @Test
    void bothDriversAreUnavailableAndSayTheLibraryWasNotFound() {
        String missing = System.getProperty("acomp.qpl.library");
        for (AcompDriver d : new QplProvider().drivers()) {
            assertFalse(d.isAvailable(), d.name());
            String cause = d.cause().getMessage();
            assertTrue(cause.startsWith("library not found"), cause);
            assertTrue(cause.contains(missing), cause);
            assertTrue(cause.contains("acomp.qpl.library"), cause);
        }
    }

    @Test
    void allocatingDeflatePicksTheSoftwareDriver() {
        List<AcompDriver> drivers = new ArrayList<>(new QplProvider().drivers());
        drivers.add(new JdkDeflateDriver());
        AcompRegistry registry = AcompRegistry.of(drivers);
        byte[] page = CorpusPages.all().get(3);
        try (Acomp acomp = registry.allocate("deflate"); AcompRequest request = acomp.newRequest()) {
            assertEquals("deflate-jdk", acomp.driver());
            ByteBuffer dst = ByteBuffer.allocate(2 * page.length);
            int n = request.compress(ByteBuffer.wrap(page), dst);
            assertArrayEquals(page, JdkDeflate.inflate(dst.limit(n), page.length));
        }
        DriverUnavailableException e = assertThrows(DriverUnavailableException.class,
                () -> registry.allocate("deflate-iaa"));
        assertTrue(e.getMessage().contains("library not found"), e.getMessage());
    }

    private record DeflaterContext(Deflater deflater) implements AutoCloseable {
        @Override
        public void close() {
            deflater.end();
        }
    }

    /** A software deflate driver of priority 100, standing in for deflate-generic. */
    private static final class JdkDeflateDriver implements AcompDriver {
        @Override
        public String algorithm() {
            return "deflate";
        }

        @Override
        public String name() {
            return "deflate-jdk";
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
        public boolean isAvailable() {
            return true;
        }

        @Override
        public Throwable cause() {
            return null;
        }

        @Override
        public Acomp allocate(AcompOptions options) {
            return new SequentialAcomp<DeflaterContext>("deflate", name(), options) {
                @Override
                protected DeflaterContext newContext() {
                    return new DeflaterContext(new Deflater(Deflater.DEFAULT_COMPRESSION, true));
                }

                @Override
                protected int compress(DeflaterContext context, ByteBuffer src, ByteBuffer dst) {
                    Deflater deflater = context.deflater();
                    deflater.reset();
                    deflater.setInput(src.duplicate());
                    deflater.finish();
                    ByteBuffer out = dst.duplicate();
                    deflater.deflate(out);
                    return out.position() - dst.position();
                }

                @Override
                protected int decompress(DeflaterContext context, ByteBuffer src, ByteBuffer dst) {
                    throw failure(dev.acomp.api.Status.UNSUPPORTED_OPERATION, "compression only", null);
                }

                @Override
                public int maxCompressedLength(int sourceLength) {
                    return sourceLength + sourceLength / 8 + 64;
                }
            };
        }
    }
}
