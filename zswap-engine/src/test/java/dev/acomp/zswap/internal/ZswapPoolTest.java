package dev.acomp.zswap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.testing.FakeDriver;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.alloc.DirectBuffers;
import dev.acomp.zswap.testing.TestPages;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pool creation and per-CPU contexts (seed 000). */
class ZswapPoolTest {
    private static final int PAGE = 4096;
    private final DirectBuffers memory = new DirectBuffers();

    @ParameterizedTest(name = "backend batch {0}: compr_batch_size {1}, batch_size {2}")
    @CsvSource({"1, 1, 2", "2, 2, 2", "4, 4, 4", "8, 8, 8", "16, 8, 8"})
    void batchSizesFollowTheBackend(int backendBatch, int comprBatchSize, int batchSize) {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(backendBatch).build();
        ZswapPool pool = ZswapPool.create(0, driver.open(), 3, PAGE, memory, p -> { });
        assertEquals(comprBatchSize, pool.comprBatchSize);
        assertEquals(batchSize, pool.batchSize);
        assertEquals(3L * comprBatchSize * 2 * PAGE, memory.allocatedBytes(), "contexts x buffers x 2 pages");
        pool.put();
        assertEquals(0, memory.allocatedBytes());
        assertEquals(0, driver.openRequests.get());
        assertEquals(0, driver.transformsOpen.get());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "4, 4", "8, 8", "16, 8"})
    void aBatchingBackendReceivesMultiUnitRequests(int backendBatch, int expectedUnits) {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(backendBatch).build();
        try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().registry(AcompRegistry.of(List.of(driver)))
                .compressor(driver.name()).memoryBudgetBytes(1L << 30).contexts(1).build())) {
            List<byte[]> pages = TestPages.memoryImage().subList(100, 132);
            long first = engine.allocateEntries(32);
            assertTrue(engine.store(first, TestPages.folio(pages), 32));
            assertEquals(expectedUnits, driver.largestBatch());
            assertEquals(List.of(32L / expectedUnits), engine.stats().batchesPerContext());
        }
    }

    @ParameterizedTest(name = "newRequest fails on call {0}")
    @CsvSource({"1", "2", "4"})
    void aFailureHalfWayThroughContextAllocationReleasesWhatWasAllocated(int failAt) {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(4).build();
        driver.failNewRequestAt = failAt;
        assertThrows(IllegalStateException.class,
                () -> ZswapPool.create(0, driver.open(), 4, PAGE, memory, p -> { }));
        assertEquals(failAt, driver.requestsMade.get());
        assertEquals(0, driver.openRequests.get(), "every request allocated was closed");
        assertEquals(0, memory.allocatedBytes(), "every buffer allocated was released");
        assertEquals(0, driver.transformsOpen.get());
    }

    @Test
    void aFailingBufferAllocationReleasesTheContextsRequest() {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(8).build();
        int[] calls = new int[1];
        DirectBuffers failing = new DirectBuffers(bytes -> {
            if (++calls[0] == 11) {
                throw new OutOfMemoryError("injected: direct buffer 11");
            }
            return ByteBuffer.allocateDirect(bytes);
        });
        assertThrows(OutOfMemoryError.class,
                () -> ZswapPool.create(0, driver.open(), 4, PAGE, failing, p -> { }));
        assertEquals(0, failing.allocatedBytes());
        assertEquals(2, driver.requestsMade.get());
        assertEquals(0, driver.openRequests.get());
    }

    @Test
    void threadsStartingOneAfterAnotherEachHaveAContextOfTheirOwn() throws Exception {
        FakeDriver driver = FakeDriver.builder().build();
        ZswapPool pool = ZswapPool.create(0, driver.open(), 2, PAGE, memory, p -> { });
        CompressionContext[] homes = new CompressionContext[8];
        for (int k = 0; k < homes.length; k++) {
            int thread = k;
            Thread t = new Thread(() -> {
                homes[thread] = pool.lockContext();
                homes[thread].lock.unlock();
            });
            t.start();
            t.join();
        }
        for (int k = 1; k < homes.length; k++) {
            assertNotSame(homes[k - 1], homes[k], "threads " + (k - 1) + " and " + k + " share a home context");
        }
        pool.put();
    }

    @Test
    void aThreadMovesToAnotherContextWhenItsOwnIsBusy() throws Exception {
        FakeDriver driver = FakeDriver.builder().build();
        ZswapPool pool = ZswapPool.create(0, driver.open(), 2, PAGE, memory, p -> { });
        CompressionContext mine = pool.lockContext();
        CompressionContext[] other = new CompressionContext[1];
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            other[0] = pool.lockContext();
            other[0].lock.unlock();
            done.countDown();
        });
        t.start();
        done.await();
        assertNotSame(mine, other[0]);
        mine.lock.unlock();
        assertSame(mine, pool.lockContext(), "uncontended, a thread keeps its own context");
        pool.put();
    }

    @Test
    void thePoolIsReleasedWithItsLastReference() {
        FakeDriver driver = FakeDriver.builder().build();
        ZswapPool[] released = new ZswapPool[1];
        ZswapPool pool = ZswapPool.create(0, driver.open(), 1, PAGE, memory,
                p -> released[0] = p);
        pool.get();
        pool.put();
        assertEquals(1, driver.transformsOpen.get());
        pool.put();
        assertSame(pool, released[0]);
        assertEquals(0, driver.transformsOpen.get());
        assertTrue(!pool.tryGet());
    }
}
