package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.DIRECT_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.zswap.testing.TestPages;
import dev.acomp.zswap.testing.VersionedPages;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Threads storing, loading and invalidating overlapping entries; every load is checked byte for byte
 * against the {@link VersionedPages} page it claims to be.
 */
class ConcurrencyStressTest {
    private static final int THREADS = 4;
    private static final int RUNS = 8;
    private static final int RUN_PAGES = 32;

    private final AtomicLong versions = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong verifiedLoads = new AtomicLong();

    private void worker(ZswapEngine engine, long[] runs, int ops) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        ByteBuffer folio = ByteBuffer.allocateDirect(8 * TestPages.PAGE);
        ByteBuffer page = ByteBuffer.allocateDirect(TestPages.PAGE);
        try {
            for (int op = 0; op < ops; op++) {
                long run = runs[rnd.nextInt(runs.length)];
                int choice = rnd.nextInt(10);
                if (choice < 4) {
                    int n = 1 + rnd.nextInt(8);
                    long first = run + rnd.nextInt(RUN_PAGES - n + 1);
                    folio.clear();
                    for (int k = 0; k < n; k++) {
                        folio.put(VersionedPages.page(first + k, versions.incrementAndGet()));
                    }
                    folio.flip();
                    assertTrue(engine.store(first, folio, n), () -> "store rejected: " + engine.stats());
                } else if (choice < 9) {
                    long entry = run + rnd.nextInt(RUN_PAGES);
                    try {
                        engine.load(entry, page);
                    } catch (ZswapException.EntryNotFoundException e) {
                        continue;
                    }
                    VersionedPages.assertPageOf(entry, TestPages.bytes(page));
                    verifiedLoads.incrementAndGet();
                } else {
                    engine.invalidate(run + rnd.nextInt(RUN_PAGES));
                }
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private void runWorkers(ZswapEngine engine, long[] runs, int ops, Runnable alongside) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> worker(engine, runs, ops), "stress-" + t);
            threads.add(thread);
            thread.start();
        }
        alongside.run();
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " worker failures");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static long[] allocateRuns(ZswapEngine engine) {
        long[] runs = new long[RUNS];
        for (int r = 0; r < RUNS; r++) {
            runs[r] = engine.allocateEntries(RUN_PAGES);
        }
        return runs;
    }

    private static void invalidateAll(ZswapEngine engine, long[] runs) {
        for (long run : runs) {
            for (int k = 0; k < RUN_PAGES; k++) {
                engine.invalidate(run + k);
            }
        }
        ZswapStats s = engine.stats();
        assertEquals(0, s.get(STORED_PAGES));
        assertEquals(0, s.get(POOL_TOTAL_SIZE));
        assertEquals(0, s.get(COMPRESSED_BYTES));
    }

    @Test
    void concurrentStoresLoadsAndInvalidationsNeverReturnWrongData() throws Exception {
        ZswapConfig config = ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(1L << 30).contexts(2)
                .build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] runs = allocateRuns(engine);
            runWorkers(engine, runs, 4000, () -> { });
            assertTrue(verifiedLoads.get() > 1000, "loads verified: " + verifiedLoads.get());
            invalidateAll(engine, runs);
        }
    }

    @Test
    void concurrentCompactionKeepsEveryLoadRight() throws Exception {
        ZswapConfig config = ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(1L << 30).contexts(2)
                .build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] runs = allocateRuns(engine);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong moved = new AtomicLong();
            Thread compactor = new Thread(() -> {
                while (!stop.get()) {
                    moved.addAndGet(engine.compact());
                }
            });
            compactor.start();
            try {
                runWorkers(engine, runs, 3000, () -> { });
            } finally {
                stop.set(true);
                compactor.join();
            }
            assertTrue(moved.get() > 0, "compaction moved objects under load");
            invalidateAll(engine, runs);
        }
    }

    @Test
    void switchingTheCompressorUnderLoadKeepsOldEntriesReadable() throws Exception {
        ZswapConfig config = ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(1L << 30).contexts(2)
                .build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] runs = allocateRuns(engine);
            String[] compressors = {"zstd-generic", "deflate-generic", "lz4-generic"};
            runWorkers(engine, runs, 3000, () -> {
                for (int i = 0; i < 9; i++) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    engine.switchCompressor(compressors[i % 3]);
                }
            });
            assertEquals("lz4-generic", engine.stats().compressor());
            long oneContextsBuffers = 2L * 2 * TestPages.PAGE;
            invalidateAll(engine, runs);
            assertEquals(oneContextsBuffers, engine.stats().get(DIRECT_BYTES),
                    "every pool but the current one was released with its last entry");
        }
    }
}
