package dev.acomp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcompRegistryTest {
    private static final Throwable NO_DEVICE = new IllegalStateException("no /dev/iax work queue");

    private final AcompRegistry registry = AcompRegistry.of(List.of(
            FakeDriver.available("deflate", "deflate-generic", 100),
            FakeDriver.unavailable("deflate", "deflate-iaa", 300, NO_DEVICE),
            FakeDriver.available("deflate", "deflate-fast", 200),
            FakeDriver.available("lz4", "lz4-generic", 100),
            FakeDriver.unavailable("zstd", "zstd-qat", 300, NO_DEVICE)));

    @Test
    void algorithmNamePicksTheAvailableDriverWithTheHighestPriority() {
        try (Acomp acomp = registry.allocate("deflate")) {
            assertEquals("deflate-fast", acomp.driver());
            assertEquals("deflate", acomp.algorithm());
        }
    }

    @Test
    void driverNamePicksThatDriverWhateverItsPriority() {
        try (Acomp acomp = registry.allocate("deflate-generic")) {
            assertEquals("deflate-generic", acomp.driver());
        }
    }

    @Test
    void unknownNameIsRejectedNamingWhatIsKnown() {
        UnknownAlgorithmException e = assertThrows(UnknownAlgorithmException.class, () -> registry.allocate("brotli"));
        assertTrue(e.getMessage().contains("'brotli'"), e.getMessage());
        assertTrue(e.getMessage().contains("deflate-generic") && e.getMessage().contains("lz4"), e.getMessage());
    }

    @Test
    void unavailableDriverAskedByNameThrowsWithItsCause() {
        DriverUnavailableException e = assertThrows(DriverUnavailableException.class,
                () -> registry.allocate("deflate-iaa"));
        assertSame(NO_DEVICE, e.getCause());
        assertTrue(e.getMessage().contains("deflate-iaa") && e.getMessage().contains("no /dev/iax"), e.getMessage());
    }

    @Test
    void algorithmWithOnlyUnavailableDriversThrowsNamingTheBestOne() {
        DriverUnavailableException e = assertThrows(DriverUnavailableException.class, () -> registry.allocate("zstd"));
        assertSame(NO_DEVICE, e.getCause());
        assertTrue(e.getMessage().contains("zstd-qat"), e.getMessage());
    }

    @Test
    void tableListsEveryDriverByAlgorithmThenPriorityWithAvailabilityAndCause() {
        List<DriverInfo> table = registry.drivers();
        assertEquals(List.of("deflate-iaa", "deflate-fast", "deflate-generic", "lz4-generic", "zstd-qat"),
                table.stream().map(DriverInfo::driver).toList());
        DriverInfo iaa = table.get(0);
        assertFalse(iaa.available());
        assertEquals("no /dev/iax work queue", iaa.cause());
        assertEquals(300, iaa.priority());
        DriverInfo fast = table.get(1);
        assertTrue(fast.available());
        assertNull(fast.cause());
    }

    @Test
    void twoDriversWithOneNameAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AcompRegistry.of(List.of(
                FakeDriver.available("lz4", "lz4-generic", 100), FakeDriver.available("lz4", "lz4-generic", 200))));
        assertTrue(e.getMessage().contains("lz4-generic"), e.getMessage());
    }
}
