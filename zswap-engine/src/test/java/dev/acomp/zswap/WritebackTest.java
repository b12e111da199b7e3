package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.BACKING_FILE_BYTES_WRITTEN;
import static dev.acomp.zswap.ZswapCounter.BD_COUNT;
import static dev.acomp.zswap.ZswapCounter.BD_READS;
import static dev.acomp.zswap.ZswapCounter.POOL_LIMIT_HIT;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.REJECT_RECLAIM_FAIL;
import static dev.acomp.zswap.ZswapCounter.STORED_INCOMPRESSIBLE_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static dev.acomp.zswap.ZswapCounter.WB_READ_STALE;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_RAW_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.HookedChannel;
import dev.acomp.zswap.testing.TestPages;
import dev.acomp.zswap.writeback.BackingFileIoException;
import dev.acomp.zswap.writeback.RecordProtection;
import dev.acomp.zswap.writeback.StaleReadException;
import dev.acomp.zswap.writeback.WrittenBackRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRU, shrinker and compressed writeback (issue 5). */
class WritebackTest {
    private static final int PAGE = TestPages.PAGE;

    @TempDir
    Path dir;

    private final HookedChannel.Hooks hooks = new HookedChannel.Hooks();

    private ZswapConfig.Builder config() {
        return ZswapConfig.builder().compressor("lz4-generic").contexts(2).memoryBudgetBytes(1L << 30)
                .backingFile(dir.resolve("swap")).backingFileDecorator(hooks::wrap);
    }

    /** Random pages are stored as is: each takes exactly one page of pool, which makes limits exact. */
    private static List<byte[]> randomPages(int n, long seed) {
        List<byte[]> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pages.add(TestPages.random(seed + i));
        }
        return pages;
    }

    private static long storeEach(ZswapEngine engine, List<byte[]> pages) {
        long first = engine.allocateEntries(pages.size());
        for (int k = 0; k < pages.size(); k++) {
            assertTrue(engine.store(first + k, TestPages.folio(List.of(pages.get(k))), 1), "page " + k);
        }
        return first;
    }

    private static long bdReadsFor(ZswapEngine engine, long entry) {
        long before = engine.stats().get(BD_READS);
        engine.load(entry, ByteBuffer.allocate(PAGE));
        return engine.stats().get(BD_READS) - before;
    }

    @Test
    void fillingFarPastTheLimitWritesBackAndEveryPageLoadsBack() throws Exception {
        List<byte[]> image = TestPages.memoryImage();
        ZswapConfig cfg = config().memoryBudgetBytes(8L << 20).poolLimitPolicy(PoolLimitPolicy.WRITEBACK).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            ByteBuffer folio = TestPages.folio(image);
            long[] firsts = new long[image.size() / 8];
            for (int f = 0; f < firsts.length; f++) {
                firsts[f] = engine.allocateEntries(8);
                assertTrue(engine.store(firsts[f], folio.duplicate().position(f * 8 * PAGE), 8), "folio " + f);
            }
            ZswapStats s = engine.stats();
            System.out.printf("memory image past the limit: %d pages, pool %d B (limit %d), %d written back,"
                    + " %d record bytes for %d page bytes, %d pool_limit_hit%n", s.get(STORED_PAGES),
                    s.get(POOL_TOTAL_SIZE), cfg.maxPoolBytes(), s.get(WRITTEN_BACK_PAGES),
                    s.get(BACKING_FILE_BYTES_WRITTEN), s.get(WRITTEN_BACK_RAW_BYTES),
                    s.get(POOL_LIMIT_HIT));
            assertEquals(image.size(), s.get(STORED_PAGES));
            assertTrue(s.get(POOL_TOTAL_SIZE) <= cfg.maxPoolBytes(), "pool " + s.get(POOL_TOTAL_SIZE));
            assertTrue(s.get(WRITTEN_BACK_PAGES) > image.size() / 2, "written back: " + s.get(WRITTEN_BACK_PAGES));
            assertTrue(s.get(POOL_LIMIT_HIT) > 0);
            assertTrue(s.get(BACKING_FILE_BYTES_WRITTEN) < s.get(WRITTEN_BACK_RAW_BYTES) * 3 / 4,
                    "records stay compressed: " + s.get(BACKING_FILE_BYTES_WRITTEN) + " for "
                            + s.get(WRITTEN_BACK_RAW_BYTES));

            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            for (int p = 0; p < image.size(); p++) {
                engine.load(firsts[p / 8] + p % 8, page);
                assertArrayEquals(image.get(p), TestPages.bytes(page), "sync load of page " + p);
            }
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            List<ByteBuffer> pages = new ArrayList<>();
            for (int p = 0; p < image.size(); p++) {
                ByteBuffer dst = ByteBuffer.allocateDirect(PAGE);
                pages.add(dst);
                reads.add(engine.loadAsync(firsts[p / 8] + p % 8, dst));
            }
            for (int p = 0; p < image.size(); p++) {
                reads.get(p).get(30, TimeUnit.SECONDS);
                assertArrayEquals(image.get(p), TestPages.bytes(pages.get(p)), "async load of page " + p);
            }
            assertTrue(engine.stats().get(BD_READS) >= 2 * s.get(BD_COUNT));
            for (long first : firsts) {
                engine.freeEntries(first, 8);
            }
            s = engine.stats();
            assertEquals(0, s.get(STORED_PAGES));
            assertEquals(0, s.get(BD_COUNT));
            assertEquals(0, s.get(POOL_TOTAL_SIZE));
        }
        assertFalse(Files.exists(dir.resolve("swap")), "the backing file goes with the engine");
    }

    @Test
    void theBackgroundShrinkerMakesRoomForRejectedStores() throws Exception {
        ZswapConfig cfg = config().memoryBudgetBytes(100 * PAGE).maxPoolPercent(20).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            List<byte[]> pages = randomPages(60, 1000);
            long first = engine.allocateEntries(pages.size());
            for (int k = 0; k < pages.size(); k++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!engine.store(first + k, TestPages.folio(List.of(pages.get(k))), 1)) {
                    assertTrue(System.nanoTime() < deadline, "the shrinker never made room");
                    Thread.sleep(1);
                }
            }
            ZswapStats s = engine.stats();
            assertTrue(s.get(POOL_LIMIT_HIT) > 0);
            assertTrue(s.get(WRITTEN_BACK_PAGES) >= 40, "written back " + s.get(WRITTEN_BACK_PAGES));
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void referencedEntriesGetASecondChance() {
        ZswapConfig cfg = config().memoryBudgetBytes(100 * PAGE).maxPoolPercent(20)
                .poolLimitPolicy(PoolLimitPolicy.WRITEBACK).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            List<byte[]> pages = randomPages(21, 1);
            long first = storeEach(engine, pages.subList(0, 20));
            engine.load(first, ByteBuffer.allocate(PAGE));
            long last = engine.allocateEntries(1);
            // The pool is full (20 pages): this store writes back down to the accept threshold (18 pages).
            assertTrue(engine.store(last, TestPages.folio(pages.subList(20, 21)), 1));
            assertEquals(2, engine.stats().get(WRITTEN_BACK_PAGES));
            assertEquals(0, bdReadsFor(engine, first), "referenced: kept in memory");
            assertEquals(1, bdReadsFor(engine, first + 1));
            assertEquals(1, bdReadsFor(engine, first + 2));
            assertEquals(0, bdReadsFor(engine, first + 3));
            TestPages.assertLoads(engine, first, pages.subList(0, 20));
        }
    }

    @Test
    void idleEntriesAreWrittenBackOnRequest() {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            List<byte[]> pages = TestPages.memoryImage().subList(300, 310);
            long first = storeEach(engine, pages);
            long sameFilled = storeEach(engine, List.of(TestPages.filled(5)));
            assertEquals(10, engine.markIdle(), "same-filled pages have nothing to write back");
            for (int k = 0; k < 4; k++) {
                engine.load(first + k, ByteBuffer.allocate(PAGE));
            }
            WritebackResult r = engine.writebackIdle();
            assertEquals(6, r.pages());
            assertTrue(r.bytesWritten() > 0 && r.bytesWritten() < 6 * PAGE, "compressed: " + r.bytesWritten());
            assertEquals(0, bdReadsFor(engine, first + 3));
            assertEquals(1, bdReadsFor(engine, first + 4));
            assertEquals(0, engine.writebackIdle().pages(), "nothing idle is left in memory");
            TestPages.assertLoads(engine, first, pages);
            TestPages.assertLoads(engine, sameFilled, List.of(TestPages.filled(5)));
        }
    }

    @Test
    void hugeEntriesAreWrittenBackOnRequest() {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            List<byte[]> pages = new ArrayList<>(TestPages.memoryImage().subList(400, 404));
            pages.addAll(randomPages(3, 7));
            long first = storeEach(engine, pages);
            WritebackResult r = engine.writebackHuge();
            assertEquals(3, r.pages());
            ZswapStats s = engine.stats();
            assertEquals(3, s.get(BD_COUNT));
            assertEquals(3, s.get(STORED_INCOMPRESSIBLE_PAGES));
            assertEquals(0, bdReadsFor(engine, first));
            assertEquals(1, bdReadsFor(engine, first + 6));
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void theWritebackLimitBoundsExplicitWriteback() {
        int record = WrittenBackRecord.recordLength(PAGE) + RecordProtection.AES_GCM.trailerBytes();
        try (ZswapEngine engine = ZswapEngine.create(config().writebackLimitBytes(2 * record + 1).build())) {
            List<byte[]> pages = randomPages(6, 50);
            long first = storeEach(engine, pages);
            WritebackResult r = engine.writeback(Long.MAX_VALUE);
            assertEquals(3, r.pages(), "writes while budget is left");
            assertTrue(r.limitReached());
            assertEquals(3L * record, r.bytesWritten());
            WritebackResult again = engine.writeback(Long.MAX_VALUE);
            assertEquals(0, again.pages());
            assertTrue(again.limitReached());
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void aFullFileStopsWritebackAndKeepsEntriesInMemory() {
        // Raw records take 9 sectors of 512: three fit in 16 KiB.
        try (ZswapEngine engine = ZswapEngine.create(config().backingFileBytes(16 * 1024).build())) {
            List<byte[]> pages = randomPages(6, 90);
            long first = storeEach(engine, pages);
            WritebackResult r = engine.writeback(Long.MAX_VALUE);
            assertEquals(3, r.pages());
            assertTrue(r.fileFull());
            ZswapStats s = engine.stats();
            assertEquals(1, s.get(REJECT_RECLAIM_FAIL));
            assertEquals(3, s.get(BD_COUNT));
            assertEquals(6, s.get(STORED_PAGES));
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void aWriteErrorLeavesTheEntryInMemory() {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            List<byte[]> pages = TestPages.memoryImage().subList(10, 14);
            long first = storeEach(engine, pages);
            hooks.beforeWrite = offset -> {
                throw new IOException("injected write error at " + offset);
            };
            WritebackResult r = engine.writeback(Long.MAX_VALUE);
            assertTrue(r.writeFailed());
            assertEquals(0, r.pages());
            ZswapStats s = engine.stats();
            assertEquals(1, s.get(REJECT_RECLAIM_FAIL));
            assertEquals(0, s.get(BD_COUNT));
            hooks.beforeWrite = offset -> { };
            TestPages.assertLoads(engine, first, pages);
            assertEquals(0, engine.stats().get(BD_READS));
            assertEquals(4, engine.writeback(Long.MAX_VALUE).pages(), "writeback works again");
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void aReadErrorIsTypedAndZeroesThePage() throws Exception {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            List<byte[]> pages = TestPages.memoryImage().subList(20, 22);
            long first = storeEach(engine, pages);
            assertEquals(2, engine.writeback(Long.MAX_VALUE).pages());
            hooks.beforeRead = offset -> {
                throw new IOException("injected read error at " + offset);
            };
            ByteBuffer page = ByteBuffer.wrap(TestPages.filled(-1));
            assertThrows(BackingFileIoException.class, () -> engine.load(first, page));
            assertArrayEquals(new byte[PAGE], page.array());
            ByteBuffer async = ByteBuffer.wrap(TestPages.filled(-1));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> engine.loadAsync(first + 1, async).get(10, TimeUnit.SECONDS));
            assertInstanceOf(BackingFileIoException.class, e.getCause());
            assertArrayEquals(new byte[PAGE], async.array());
            hooks.beforeRead = offset -> { };
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void anEntryChangedWhileItsReadIsInFlightYieldsAZeroedPageNotStaleData() throws Exception {
        try (ZswapEngine engine = ZswapEngine.create(config().build())) {
            List<byte[]> pages = TestPages.memoryImage().subList(30, 32);
            long first = storeEach(engine, pages);
            assertEquals(2, engine.writeback(Long.MAX_VALUE).pages());
            CountDownLatch inFlight = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            hooks.afterRead = offset -> {
                inFlight.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            };
            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            CompletableFuture<Void> read = engine.loadAsync(first, page);
            assertTrue(inFlight.await(10, TimeUnit.SECONDS));
            hooks.afterRead = offset -> { };
            // The entry is replaced by another page while its old record is being read.
            assertTrue(engine.store(first, TestPages.folio(pages.subList(1, 2)), 1));
            release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
            assertInstanceOf(StaleReadException.class, e.getCause());
            assertArrayEquals(new byte[PAGE], TestPages.bytes(page));
            assertEquals(1, engine.stats().get(WB_READ_STALE));
            engine.load(first, page);
            assertArrayEquals(pages.get(1), TestPages.bytes(page), "the new page");
        }
    }

    @Test
    void writebackNeedsABackingFile() {
        try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().compressor("lz4-generic")
                .memoryBudgetBytes(1L << 30).build())) {
            // Marking idle serves recompression too, so it needs no backing file; writing back does.
            assertEquals(0, engine.markIdle());
            assertThrows(IllegalStateException.class, engine::writebackIdle);
            assertThrows(IllegalStateException.class, () -> engine.writeback(1));
        }
    }
}
