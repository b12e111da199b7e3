package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.DIRECT_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_RESERVED_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.UnknownAlgorithmException;
import dev.acomp.testing.FakeDriver;
import dev.acomp.zswap.testing.TestPages;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class EngineLifecycleTest {
    /** The pool-switch tests' pages: eight of the memory image. */
    private static final List<byte[]> EIGHT = TestPages.memoryImage().subList(200, 208);

    /** Counts the transforms the pool-switch tests' engines open and close. */
    private final FakeDriver fake = FakeDriver.builder().build();

    private static ZswapConfig.Builder config() {
        return ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(1L << 30).contexts(2);
    }

    /** An engine compressing with {@link #fake}. */
    private ZswapEngine fakeEngine() {
        return ZswapEngine.create(config().registry(AcompRegistry.of(List.of(fake))).compressor("fake-b1").build());
    }

    @Test
    void closeReleasesEveryNativeByteAndRefusesFurtherWork() {
        ZswapEngine engine = ZswapEngine.create(config().build());
        List<byte[]> pages = TestPages.memoryImage().subList(0, 512);
        long first = engine.allocateEntries(512);
        assertTrue(engine.store(first, TestPages.folio(pages), 512));
        engine.switchCompressor("zstd-generic");
        long second = engine.allocateEntries(64);
        assertTrue(engine.store(second, TestPages.folio(pages.subList(0, 64)), 64));
        ZswapStats before = engine.stats();
        assertEquals(before.get(POOL_RESERVED_BYTES) + 2 * (2L * 2 * TestPages.PAGE), before.get(DIRECT_BYTES),
                "arenas, and the buffers of two pools' contexts");

        engine.close();
        assertEquals(0, engine.stats().get(DIRECT_BYTES));
        ByteBuffer page = ByteBuffer.allocate(TestPages.PAGE);
        assertThrows(ZswapException.EngineClosedException.class, () -> engine.load(first, page));
        assertThrows(ZswapException.EngineClosedException.class,
                () -> engine.store(first, TestPages.folio(pages.subList(0, 1)), 1));
        assertThrows(ZswapException.EngineClosedException.class, () -> engine.allocateEntries(1));
        assertThrows(ZswapException.EngineClosedException.class, () -> engine.invalidate(first));
        engine.close();
    }

    @Test
    void entriesOfTheOldPoolStayReadableAfterASwitch() {
        try (ZswapEngine engine = fakeEngine()) {
            List<byte[]> pages = EIGHT;
            long first = engine.allocateEntries(8);
            assertTrue(engine.store(first, TestPages.folio(pages), 8));
            engine.switchCompressor("fake-b1");
            assertEquals(2, fake.transformsOpen.get());
            ByteBuffer page = ByteBuffer.allocate(TestPages.PAGE);
            for (int k = 0; k < 8; k++) {
                engine.load(first + k, page);
                assertArrayEquals(pages.get(k), page.array());
            }
            for (int k = 0; k < 7; k++) {
                engine.invalidate(first + k);
            }
            assertEquals(2, fake.transformsOpen.get(), "one entry still holds the old pool");
            engine.invalidate(first + 7);
            assertEquals(1, fake.transformsOpen.get(), "the old pool went with its last entry");
        }
        assertEquals(0, fake.transformsOpen.get());
        assertEquals(0, fake.openRequests.get());
    }

    @Test
    void storesOfOtherKindsOverCompressedEntriesGiveTheirPoolReferencesBack() {
        try (ZswapEngine engine = fakeEngine()) {
            List<byte[]> pages = EIGHT;
            long first = engine.allocateEntries(8);
            assertTrue(engine.store(first, TestPages.folio(pages), 8));
            List<byte[]> filled = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                filled.add(TestPages.filled(k));
            }
            // The old entries' references are kept for the new ones, which need none: all go back.
            assertTrue(engine.store(first, TestPages.folio(filled), 8));
            engine.switchCompressor("fake-b1");
            assertEquals(1, fake.transformsOpen.get(), "no entry holds the old pool: it went at the switch");
            TestPages.assertLoads(engine, first, filled);
        }
        assertEquals(0, fake.transformsOpen.get());
    }

    @Test
    void storesOverEntriesHoldOneReferenceOfTheirPoolEach() {
        try (ZswapEngine engine = fakeEngine()) {
            List<byte[]> pages = EIGHT;
            long first = engine.allocateEntries(8);
            for (int pass = 0; pass < 3; pass++) {
                // Over entries of the same pool: each keeps the one reference its descriptor held.
                assertTrue(engine.store(first, TestPages.folio(pages), 8));
            }
            engine.switchCompressor("fake-b1");
            // Over entries of the old pool: the old pool's references go, the new pool's come.
            assertTrue(engine.store(first, TestPages.folio(pages.subList(0, 4)), 4));
            ByteBuffer page = ByteBuffer.allocate(TestPages.PAGE);
            for (int k = 0; k < 8; k++) {
                engine.load(first + k, page);
                assertArrayEquals(pages.get(k), page.array(), "page " + k + " after the switch");
            }
            assertEquals(2, fake.transformsOpen.get(), "four entries still hold the old pool");
            for (int k = 4; k < 8; k++) {
                engine.invalidate(first + k);
            }
            assertEquals(1, fake.transformsOpen.get(), "the old pool went with its last entry");
            for (int k = 0; k < 4; k++) {
                engine.load(first + k, page);
                assertArrayEquals(pages.get(k), page.array(), "page " + k + " in the new pool");
            }
        }
        assertEquals(0, fake.transformsOpen.get());
    }

    @Test
    void aSwitchToAnUnknownCompressorFailsAndKeepsTheCurrentPool() {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            assertThrows(UnknownAlgorithmException.class, () -> engine.switchCompressor("no-such-codec"));
            assertEquals("lz4-generic", engine.stats().compressor());
            long first = engine.allocateEntries(1);
            assertTrue(engine.store(first, TestPages.folio(TestPages.memoryImage().subList(0, 1)), 1));
        }
    }

    @Test
    void statsAreReadableOverJmx() throws Exception {
        ObjectName name;
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            long first = engine.allocateEntries(4);
            assertTrue(engine.store(first, TestPages.folio(TestPages.memoryImage().subList(0, 4)), 4));
            name = engine.registerMBean("jmx-test");
            var server = ManagementFactory.getPlatformMBeanServer();
            assertEquals(4L, server.getAttribute(name, "StoredPages"));
            assertEquals(engine.stats().get(POOL_TOTAL_SIZE), server.getAttribute(name, "PoolTotalSize"));
            assertEquals(engine.stats().get(POOL_RESERVED_BYTES), server.getAttribute(name, "PoolReservedBytes"));
            assertTrue(engine.stats().get(POOL_RESERVED_BYTES) >= engine.stats().get(POOL_TOTAL_SIZE));
            assertEquals("lz4-generic", server.getAttribute(name, "Compressor"));
            // One attribute per counter, named from its declaration, all read from one snapshot.
            ZswapCounter[] counters = ZswapCounter.values();
            assertEquals(counters.length + 1, server.getMBeanInfo(name).getAttributes().length);
            String[] names = new String[counters.length];
            for (ZswapCounter c : counters) {
                names[c.ordinal()] = c.attributeName();
            }
            ZswapStats s = engine.stats();
            var values = server.getAttributes(name, names).asList();
            assertEquals(counters.length, values.size());
            for (ZswapCounter c : counters) {
                assertEquals(s.get(c), values.get(c.ordinal()).getValue(), c.attributeName());
            }
            assertEquals("WbReadStale", ZswapCounter.WB_READ_STALE.attributeName());
            assertEquals("wb_read_stale", ZswapCounter.WB_READ_STALE.zswapName());
        }
        assertTrue(!ManagementFactory.getPlatformMBeanServer().isRegistered(name), "unregistered on close");
    }
}
