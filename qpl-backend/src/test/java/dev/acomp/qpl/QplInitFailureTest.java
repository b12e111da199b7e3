package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.api.DriverUnavailableException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ExtendWith;

/** When hardware init fails, deflate-iaa says why and how to fix it, and deflate-qpl takes over. */
@ExtendWith(QplSimulatorExtension.class)
class QplInitFailureTest {
    private static Map<String, DriverInfo> drivers(AcompRegistry registry) {
        return registry.drivers().stream().collect(Collectors.toMap(DriverInfo::driver, Function.identity()));
    }

    private static void assertIaaUnavailableAndSoftwareChosen(String... causeMentions) {
        AcompRegistry registry = AcompRegistry.of(new QplProvider().drivers());
        Map<String, DriverInfo> drivers = drivers(registry);
        DriverInfo iaa = drivers.get("deflate-iaa");
        assertFalse(iaa.available());
        for (String mention : causeMentions) {
            assertTrue(iaa.cause().contains(mention), "'" + mention + "' in: " + iaa.cause());
        }
        assertTrue(drivers.get("deflate-qpl").available());
        try (Acomp acomp = registry.allocate("deflate")) {
            assertEquals("deflate-qpl", acomp.driver());
        }
        DriverUnavailableException e = Assertions.assertThrows(DriverUnavailableException.class,
                () -> registry.allocate("deflate-iaa"));
        assertTrue(e.getMessage().contains(causeMentions[0]), e.getMessage());
    }

    @Test
    void withoutLibaccelConfigDeflateIaaIsUnavailable(QplSimulator sim) {
        sim.set("init_status", 501);
        assertIaaUnavailableAndSoftwareChosen("501", "libaccel-config", "accel-config");
    }

    @Test
    void withoutAnEnabledSharedWorkQueueDeflateIaaIsUnavailable(QplSimulator sim) {
        sim.set("init_status", 503);
        assertIaaUnavailableAndSoftwareChosen("503", "shared work queue", "/dev/iax", "accel-config");
    }

    @Test
    void aHardwareInitThatFellBackToSoftwareIsUnavailable(QplSimulator sim) {
        sim.set("init_falls_back", 1);
        assertIaaUnavailableAndSoftwareChosen("fell back to the software path");
    }

    @Test
    void withWorkingHardwareDeflateIaaWins() {
        AcompRegistry registry = AcompRegistry.of(new QplProvider().drivers());
        DriverInfo iaa = drivers(registry).get("deflate-iaa");
        assertTrue(iaa.available(), iaa.cause());
        assertEquals(300, iaa.priority());
        assertEquals(8, iaa.maxBatchSize());
        try (Acomp acomp = registry.allocate("deflate")) {
            assertEquals("deflate-iaa", acomp.driver());
        }
    }
}
