package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.DECOMPRESS_FAIL;
import static dev.acomp.zswap.ZswapCounter.POOL_LIMIT_HIT;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.REJECT_ALLOC_FAIL;
import static dev.acomp.zswap.ZswapCounter.REJECT_COMPRESS_FAIL;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_INCOMPRESSIBLE_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.testing.FakeDriver;
import dev.acomp.zswap.testing.TestPages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** zswap_store and zswap_load semantics, on the memory image and synthetic pages. */
class StoreSemanticsTest {
    /** A page starting with this byte fails to compress once the fakes are told to. */
    private static final byte POISON = (byte) 0xA5;

    private final FakeDriver fake = FakeDriver.builder().build();
    private final FakeDriver batchingFake = FakeDriver.builder().maxBatchSize(4).build();

    private ZswapEngine engine(String compressor, long budget, int maxPoolPercent) {
        return ZswapEngine.create(ZswapConfig.builder()
                .registry(AcompRegistry.of(List.of(fake, batchingFake)))
                .compressor(compressor).memoryBudgetBytes(budget).maxPoolPercent(maxPoolPercent)
                .contexts(2).build());
    }

    private ZswapEngine engine() {
        return engine("fake-b1", 1L << 30, 20);
    }

    private static List<byte[]> imagePages(int from, int n) {
        return TestPages.memoryImage().subList(from, from + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 16, 512})
    void foliosOfAnySizeLoadBack(int nr) {
        for (String compressor : new String[] {"fake-b1", "fake-b4"}) {
            try (ZswapEngine engine = engine(compressor, 1L << 30, 20)) {
                List<byte[]> pages = imagePages(1000, nr);
                long first = engine.allocateEntries(nr);
                assertTrue(engine.store(first, TestPages.folio(pages), nr));
                assertEquals(nr, engine.stats().get(STORED_PAGES));
                TestPages.assertLoads(engine, first, pages);
            }
        }
    }

    @Test
    void sameFilledPagesKeepOnlyTheirValue() {
        try (ZswapEngine engine = engine()) {
            List<byte[]> pages = List.of(TestPages.filled(0), TestPages.filled(0x0102030405060708L),
                    TestPages.filled(-1L));
            long first = engine.allocateEntries(3);
            assertTrue(engine.store(first, TestPages.folio(pages), 3));
            ZswapStats s = engine.stats();
            assertEquals(3, s.get(SAME_FILLED_PAGES));
            assertEquals(0, s.get(POOL_TOTAL_SIZE));
            TestPages.assertLoads(engine, first, pages);
            ByteBuffer littleEndian = ByteBuffer.allocate(TestPages.PAGE).order(ByteOrder.LITTLE_ENDIAN);
            engine.load(first + 1, littleEndian);
            assertArrayEquals(pages.get(1), TestPages.bytes(littleEndian));
            engine.invalidate(first);
            assertEquals(2, engine.stats().get(SAME_FILLED_PAGES));
        }
    }

    @Test
    void sameFilledPagesAreCompressedWhenDisabled() {
        try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().registry(AcompRegistry.of(List.of(fake)))
                .compressor("fake").memoryBudgetBytes(1L << 30).sameFilledPagesEnabled(false).build())) {
            long first = engine.allocateEntries(1);
            assertTrue(engine.store(first, TestPages.folio(List.of(TestPages.filled(7))), 1));
            assertEquals(0, engine.stats().get(SAME_FILLED_PAGES));
            assertTrue(engine.stats().get(POOL_TOTAL_SIZE) > 0);
            TestPages.assertLoads(engine, first, List.of(TestPages.filled(7)));
        }
    }

    @Test
    void incompressiblePagesAreStoredAsIs() {
        try (ZswapEngine engine = engine()) {
            List<byte[]> pages = List.of(TestPages.random(1), TestPages.random(2));
            long first = engine.allocateEntries(2);
            assertTrue(engine.store(first, TestPages.folio(pages), 2));
            ZswapStats s = engine.stats();
            assertEquals(2, s.get(STORED_INCOMPRESSIBLE_PAGES));
            assertEquals(2L * TestPages.PAGE, s.get(COMPRESSED_BYTES));
            TestPages.assertLoads(engine, first, pages);
            engine.invalidate(first);
            assertEquals(1, engine.stats().get(STORED_INCOMPRESSIBLE_PAGES));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake-b1", "fake-b4"})
    void aCompressorFailureMidFolioLeavesNothingOfTheFolio(String compressor) {
        try (ZswapEngine engine = engine(compressor, 1L << 30, 20)) {
            List<byte[]> pages = new ArrayList<>(imagePages(0, 16));
            long first = engine.allocateEntries(16);
            assertTrue(engine.store(first, TestPages.folio(pages), 16), "an older copy of the folio");
            byte[] poisoned = pages.get(11).clone();
            poisoned[0] = POISON;
            pages.set(11, poisoned);
            Predicate<ByteBuffer> isPoisoned = page -> page.get(page.position()) == POISON;
            fake.failCompressionOf = isPoisoned;
            batchingFake.failCompressionOf = isPoisoned;

            assertFalse(engine.store(first, TestPages.folio(pages), 16));
            ZswapStats s = engine.stats();
            assertEquals(1, s.get(REJECT_COMPRESS_FAIL));
            assertEquals(0, s.get(STORED_PAGES));
            assertEquals(0, s.get(POOL_TOTAL_SIZE));
            for (int k = 0; k < 16; k++) {
                long entry = first + k;
                assertThrows(ZswapException.EntryNotFoundException.class,
                        () -> engine.load(entry, ByteBuffer.allocate(TestPages.PAGE)));
            }
        }
    }

    @Test
    void allocationOverTheHardCapIsRejectedWhole() {
        long budget = 64 * 1024;
        try (ZswapEngine engine = engine("fake-b1", budget, 100)) {
            List<byte[]> pages = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                pages.add(TestPages.random(i));
            }
            long first = engine.allocateEntries(32);
            assertFalse(engine.store(first, TestPages.folio(pages), 32));
            ZswapStats s = engine.stats();
            assertEquals(1, s.get(REJECT_ALLOC_FAIL));
            assertEquals(0, s.get(STORED_PAGES));
            assertEquals(0, s.get(POOL_TOTAL_SIZE));
        }
    }

    @Test
    void poolLimitRejectsUntilBelowTheAcceptThreshold() {
        long budget = 100 * TestPages.PAGE;
        try (ZswapEngine engine = engine("fake-b1", budget, 20)) {
            // Limit: 20 pages of pool; accept again at 18. Random pages take a page each.
            long[] entries = new long[30];
            int stored = 0;
            for (int i = 0; i < entries.length; i++) {
                entries[i] = engine.allocateEntries(1);
                if (engine.store(entries[i], TestPages.folio(List.of(TestPages.random(i))), 1)) {
                    stored++;
                }
            }
            assertEquals(20, stored);
            assertEquals(10, engine.stats().get(POOL_LIMIT_HIT));
            engine.invalidate(entries[0]);
            long probe = engine.allocateEntries(1);
            assertFalse(engine.store(probe, TestPages.folio(List.of(TestPages.random(99))), 1),
                    "19 pages is above the accept threshold");
            engine.invalidate(entries[1]);
            assertTrue(engine.store(probe, TestPages.folio(List.of(TestPages.random(99))), 1),
                    "18 pages is at the accept threshold");
            assertEquals(11, engine.stats().get(POOL_LIMIT_HIT));
        }
    }

    @Test
    void decompressionFailureIsTypedCountedAndZeroesThePage() {
        try (ZswapEngine engine = engine()) {
            long first = engine.allocateEntries(1);
            assertTrue(engine.store(first, TestPages.folio(imagePages(5, 1)), 1));
            fake.failDecompression = true;
            ByteBuffer page = ByteBuffer.wrap(TestPages.filled(0x1111111111111111L));
            assertThrows(ZswapException.DecompressionFailedException.class, () -> engine.load(first, page));
            assertArrayEquals(new byte[TestPages.PAGE], page.array());
            assertEquals(1, engine.stats().get(DECOMPRESS_FAIL));
            fake.failDecompression = false;
            engine.load(first, page);
            assertArrayEquals(imagePages(5, 1).get(0), page.array());
        }
    }

    @Test
    void storingAgainReplacesTheOlderEntry() {
        try (ZswapEngine engine = engine()) {
            long first = engine.allocateEntries(4);
            assertTrue(engine.store(first, TestPages.folio(imagePages(0, 4)), 4));
            assertTrue(engine.store(first, TestPages.folio(imagePages(4, 4)), 4));
            assertEquals(4, engine.stats().get(STORED_PAGES));
            TestPages.assertLoads(engine, first, imagePages(4, 4));
            try (ZswapEngine fresh = engine()) {
                long only = fresh.allocateEntries(4);
                assertTrue(fresh.store(only, TestPages.folio(imagePages(4, 4)), 4));
                // Object bytes, exact: the pool's size moves in whole blocks and would hide a leak this small.
                assertEquals(fresh.stats().get(COMPRESSED_BYTES), engine.stats().get(COMPRESSED_BYTES),
                        "the replaced entries' objects are freed: the pool holds the new pages only");
                assertEquals(fresh.stats().get(POOL_TOTAL_SIZE), engine.stats().get(POOL_TOTAL_SIZE));
            }
        }
    }

    @Test
    void storingThePagesAgainTakesTheSlotsTheirOldObjectsLeft() {
        try (ZswapEngine engine = engine()) {
            List<byte[]> pages = imagePages(300, 256);
            long first = engine.allocateEntries(256);
            assertTrue(engine.store(first, TestPages.folio(pages), 256));
            long pool = engine.stats().get(POOL_TOTAL_SIZE);
            for (int pass = 0; pass < 3; pass++) {
                assertTrue(engine.store(first, TestPages.folio(pages), 256));
                // Allocating the new objects before freeing the old ones took fresh blocks for some.
                assertEquals(pool, engine.stats().get(POOL_TOTAL_SIZE), "pool bytes after storing again, pass " + pass);
            }
            TestPages.assertLoads(engine, first, pages);
        }
    }

    /**
     * A caller with a buffer per page (each a page between guard bytes of a larger buffer) stores from and
     * loads into them as they stand: the bytes round-trip, the guards stay, and every position and limit is
     * as the caller left it.
     */
    @Test
    void pagesInBuffersOfTheirOwnRoundTripWithTheirPositionsKept() {
        int guard = 16;
        int n = 64;
        try (ZswapEngine engine = engine()) {
            List<byte[]> pages = imagePages(600, n);
            long first = engine.allocateEntries(n);
            for (int k = 0; k < n; k++) {
                ByteBuffer own = guarded(guard).put(guard, pages.get(k));
                assertTrue(engine.store(first + k, own, 1));
                assertEquals(guard, own.position(), "page " + k + "'s position after its store");
                assertEquals(guard + TestPages.PAGE, own.limit(), "page " + k + "'s limit after its store");
            }
            for (int k = 0; k < n; k++) {
                ByteBuffer own = guarded(guard);
                engine.load(first + k, own);
                assertEquals(guard, own.position(), "page " + k + "'s position after its load");
                assertEquals(guard + TestPages.PAGE, own.limit(), "page " + k + "'s limit after its load");
                byte[] got = new byte[TestPages.PAGE];
                own.clear().get(guard, got);
                assertArrayEquals(pages.get(k), got, "page " + k);
                for (int g = 0; g < guard; g++) {
                    assertEquals(POISON, own.get(g), "guard byte before page " + k);
                    assertEquals(POISON, own.get(guard + TestPages.PAGE + g), "guard byte after page " + k);
                }
            }
        }
    }

    /** A direct buffer of a page between {@code guard} poison bytes on each side, positioned on the page. */
    private static ByteBuffer guarded(int guard) {
        ByteBuffer b = ByteBuffer.allocateDirect(TestPages.PAGE + 2 * guard);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, POISON);
        }
        return b.position(guard).limit(guard + TestPages.PAGE);
    }

    @Test
    void badArgumentsAreNamed() {
        try (ZswapEngine engine = engine()) {
            long first = engine.allocateEntries(4);
            ByteBuffer folio = TestPages.folio(imagePages(0, 4));
            assertNamed(IllegalArgumentException.class, () -> engine.store(first, folio, 5), "needs",
                    "buffer has " + folio.remaining());
            assertNamed(IllegalArgumentException.class, () -> engine.store(first + 100, folio, 1),
                    "swap entry " + (first + 100), "not allocated");
            assertNamed(IllegalArgumentException.class, () -> engine.store(first, folio, 0), "not 0");
            assertNamed(IllegalArgumentException.class, () -> engine.load(first, ByteBuffer.allocate(100)),
                    "writable page of " + TestPages.PAGE, "got 100");
            assertNamed(IllegalArgumentException.class,
                    () -> engine.load(first, ByteBuffer.allocate(TestPages.PAGE).asReadOnlyBuffer()), "read-only");
            assertNamed(ZswapException.EntryNotFoundException.class,
                    () -> engine.load(1L << 40, ByteBuffer.allocate(TestPages.PAGE)), "swap entry " + (1L << 40));
            assertNamed(IllegalArgumentException.class, () -> engine.freeEntries(first + 100, 1),
                    String.valueOf(first + 100));
            assertFalse(engine.invalidate(first));
            assertNamed(IllegalStateException.class, () -> ZswapConfig.builder().build(), "memoryBudgetBytes");
        }
    }

    private static void assertNamed(Class<? extends RuntimeException> type, org.junit.jupiter.api.function.Executable call,
            String... named) {
        RuntimeException e = assertThrows(type, call);
        for (String n : named) {
            assertTrue(String.valueOf(e.getMessage()).contains(n), () -> "'" + n + "' not in: " + e.getMessage());
        }
    }

    @Test
    void freeingEntriesDropsTheirPages() {
        try (ZswapEngine engine = engine()) {
            long first = engine.allocateEntries(8);
            assertTrue(engine.store(first, TestPages.folio(imagePages(0, 8)), 8));
            engine.freeEntries(first, 8);
            assertEquals(0, engine.stats().get(STORED_PAGES));
            assertEquals(0, engine.stats().get(POOL_TOTAL_SIZE));
            assertThrows(IllegalArgumentException.class, () -> engine.freeEntries(first, 8));
            assertEquals(first, engine.allocateEntries(8), "the freed run is reused");
        }
    }
}
