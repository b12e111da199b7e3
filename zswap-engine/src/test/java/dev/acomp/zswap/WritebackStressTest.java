package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.BD_COUNT;
import static dev.acomp.zswap.ZswapCounter.BD_READS;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static dev.acomp.zswap.ZswapCounter.WB_READ_STALE;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.zswap.testing.TestPages;
import dev.acomp.zswap.testing.VersionedPages;
import dev.acomp.zswap.writeback.StaleReadException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous loads of written-back entries while other threads store over and invalidate the same
 * entries and a writeback thread keeps pushing entries to the file: every completed load is the page of
 * some store of its entry, every stale one is a zeroed page, and each stale one is counted.
 */
class WritebackStressTest {
    private static final int RUNS = 8;
    private static final int RUN_PAGES = 32;
    private static final int PAGE = TestPages.PAGE;
    private static final int MIN_ROUNDS = 150;
    private static final int MIN_VERIFIED = 300;
    private static final int MIN_FILE_READS = 100;

    @TempDir
    Path dir;

    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong staleSeen = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private void writer(ZswapEngine engine, long[] runs, AtomicBoolean stop) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        ByteBuffer folio = ByteBuffer.allocateDirect(4 * PAGE);
        try {
            while (!stop.get()) {
                long run = runs[rnd.nextInt(RUNS)];
                if (rnd.nextInt(4) == 0) {
                    engine.invalidate(run + rnd.nextInt(RUN_PAGES));
                    continue;
                }
                int n = 1 + rnd.nextInt(4);
                long first = run + rnd.nextInt(RUN_PAGES - n + 1);
                folio.clear();
                for (int k = 0; k < n; k++) {
                    folio.put(VersionedPages.page(first + k, versions.incrementAndGet()));
                }
                assertTrue(engine.store(first, folio.flip(), n));
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    /**
     * Rounds of 16 async loads: at least {@code MIN_ROUNDS}, then until enough loads were verified, read
     * from the file and found stale (so the test does not depend on how the threads happen to be
     * scheduled), or until the deadline.
     */
    private void reader(ZswapEngine engine, long[] runs, long deadlineNanos) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try {
            for (int round = 0; round < MIN_ROUNDS || !enough(engine); round++) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    return;
                }
                List<CompletableFuture<Void>> reads = new ArrayList<>();
                List<ByteBuffer> pages = new ArrayList<>();
                long[] entries = new long[16];
                for (int j = 0; j < entries.length; j++) {
                    entries[j] = runs[rnd.nextInt(RUNS)] + rnd.nextInt(RUN_PAGES);
                    ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
                    pages.add(page);
                    reads.add(engine.loadAsync(entries[j], page));
                }
                for (int j = 0; j < entries.length; j++) {
                    try {
                        reads.get(j).join();
                        VersionedPages.assertPageOf(entries[j], TestPages.bytes(pages.get(j)));
                        verified.incrementAndGet();
                    } catch (CompletionException e) {
                        if (e.getCause() instanceof StaleReadException) {
                            assertArrayEquals(new byte[PAGE], TestPages.bytes(pages.get(j)), "a stale read zeroes");
                            staleSeen.incrementAndGet();
                        } else if (!(e.getCause() instanceof ZswapException.EntryNotFoundException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private boolean enough(ZswapEngine engine) {
        return verified.get() >= 2 * MIN_VERIFIED && staleSeen.get() > 0
                && engine.stats().get(BD_READS) >= 2 * MIN_FILE_READS;
    }

    @Test
    void asyncReadsRacingStoresAndInvalidationsNeverReturnStaleData() throws Exception {
        ZswapConfig cfg = ZswapConfig.builder().compressor("lz4-generic").contexts(2).memoryBudgetBytes(2L << 20)
                .poolLimitPolicy(PoolLimitPolicy.WRITEBACK).backingFile(dir.resolve("swap")).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            long[] runs = new long[RUNS];
            ByteBuffer folio = ByteBuffer.allocateDirect(RUN_PAGES * PAGE);
            for (int r = 0; r < RUNS; r++) {
                runs[r] = engine.allocateEntries(RUN_PAGES);
                folio.clear();
                for (int k = 0; k < RUN_PAGES; k++) {
                    folio.put(VersionedPages.page(runs[r] + k, versions.incrementAndGet()));
                }
                assertTrue(engine.store(runs[r], folio.flip(), RUN_PAGES));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> background = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                background.add(new Thread(() -> writer(engine, runs, stop), "writer-" + t));
            }
            background.add(new Thread(() -> {
                while (!stop.get()) {
                    engine.writeback(64 * 1024);
                }
            }, "writeback"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(new Thread(() -> reader(engine, runs, deadline), "reader-" + t));
            }
            background.forEach(Thread::start);
            readers.forEach(Thread::start);
            for (Thread t : readers) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            stop.set(true);
            for (Thread t : background) {
                t.join(TimeUnit.MINUTES.toMillis(1));
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(failures.size() + " thread failures");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            ZswapStats s = engine.stats();
            System.out.printf("writeback stress: %d loads verified, %d stale, %d written back, %d file reads%n",
                    verified.get(), staleSeen.get(), s.get(WRITTEN_BACK_PAGES), s.get(BD_READS));
            assertTrue(verified.get() > MIN_VERIFIED, "verified " + verified.get());
            assertTrue(s.get(BD_READS) > MIN_FILE_READS, "reads from the file: " + s.get(BD_READS));
            assertTrue(staleSeen.get() > 0, "the stale path was exercised");
            assertEquals(staleSeen.get(), s.get(WB_READ_STALE), "every stale read counted");
            for (long run : runs) {
                engine.freeEntries(run, RUN_PAGES);
            }
            s = engine.stats();
            assertEquals(0, s.get(STORED_PAGES));
            assertEquals(0, s.get(BD_COUNT));
            assertEquals(0, s.get(POOL_TOTAL_SIZE));
        }
    }
}
