package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.testing.FakeDriver;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
        // A software deflate driver standing in for deflate-generic.
        drivers.add(FakeDriver.builder().name("deflate-jdk").algorithm("deflate").build());
        AcompRegistry registry = AcompRegistry.of(drivers);
        byte[] page = SharedData.corpusPages(SharedData.PAGE_SIZE, false).get(3);
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
}
