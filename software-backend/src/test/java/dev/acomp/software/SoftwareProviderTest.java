package dev.acomp.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SoftwareProviderTest {
    private static final Map<String, String> GENERIC =
            Map.of("lz4", "lz4-generic", "zstd", "zstd-generic", "deflate", "deflate-generic");

    @Test
    void serviceLoaderFindsTheThreeGenericDriversAvailableAtPriority100BatchingOne() {
        List<DriverInfo> drivers = AcompRegistry.load().drivers();
        Map<String, DriverInfo> byName = drivers.stream().collect(Collectors.toMap(DriverInfo::driver, d -> d));
        GENERIC.forEach((algorithm, name) -> {
            DriverInfo d = byName.get(name);
            assertTrue(d != null, name + " missing from " + drivers);
            assertEquals(algorithm, d.algorithm());
            assertEquals(100, d.priority());
            assertEquals(1, d.maxBatchSize());
            assertTrue(d.available(), () -> name + ": " + d.cause());
            assertNull(d.cause());
        });
    }

    @Test
    void algorithmNamesAllocateTheGenericDrivers() {
        AcompRegistry registry = AcompRegistry.of(new SoftwareProvider().drivers());
        GENERIC.forEach((algorithm, name) -> {
            try (Acomp acomp = registry.allocate(algorithm)) {
                assertEquals(name, acomp.driver());
                assertEquals(algorithm, acomp.algorithm());
                assertEquals(1, acomp.maxBatchSize());
            }
        });
    }
}
