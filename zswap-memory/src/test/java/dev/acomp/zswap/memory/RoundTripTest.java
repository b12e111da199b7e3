package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The corpus and the memory image through a region under a 10% resident limit, with two threads. lzo, which
 * no built-in driver offers, is tested with the example plugin that compresses it
 * ({@code examples/vendor-plugin}, LzoCompressedMemoryTest).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoundTripTest {
    private static final int THREADS = 2;

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd", "deflate"})
    void corpusAndMemoryImageComeBackUnderATenPercentLimit(String compressor) throws Exception {
        List<byte[]> pages = SharedData.allPages(Regions.PAGE, true);
        long size = Regions.sizeFor(pages);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (CompressedMemory region = Regions.open(Regions.config(size, size / 10).compressor(compressor).build())) {
            run(pool, t -> {
                Regions.write(region, pages, t, THREADS);
                return -1;
            });
            // Two reads: in order, then in a stride that jumps between groups.
            for (int stride : new int[] {1, 7919}) {
                for (int mismatch : run(pool, t -> Regions.firstMismatch(region, pages, t, THREADS, stride))) {
                    assertEquals(-1, mismatch, "page " + mismatch + " came back different (stride " + stride + ")");
                }
            }
            CompressedMemoryStats s = quiet(region);
            assertEquals(s.faults(), s.zeroFills() + s.loads() + s.loadFailures() + s.faultRaces(), s.toString());
            assertEquals(0, s.loadFailures(), s.toString());
            assertTrue(s.evictions() > 0 && s.loads() > 0 && s.cleanDrops() > 0, s.toString());
            assertTrue(s.zeroFills() >= pages.size() / THREADS, "every page was first touched once: " + s);
            // The limit holds within what the faults in flight bring in beyond it (backpressure is bounded).
            assertTrue(s.residentBytes() <= size / 10 + 4L * 64 * Regions.PAGE, s.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The stats once no fault is in flight (a woken thread's fault may still be read after it ran on). */
    private static CompressedMemoryStats quiet(CompressedMemory region) throws InterruptedException {
        CompressedMemoryStats before = region.stats();
        for (int i = 0; i < 500; i++) {
            Thread.sleep(10);
            CompressedMemoryStats now = region.stats();
            if (now.faults() == before.faults() && now.faultRaces() == before.faultRaces()
                    && now.loads() == before.loads() && now.zeroFills() == before.zeroFills()) {
                return now;
            }
            before = now;
        }
        return before;
    }

    private interface Work {
        int run(int thread) throws Exception;
    }

    private static List<Integer> run(ExecutorService pool, Work work) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> work.run(thread)));
        }
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }
}
