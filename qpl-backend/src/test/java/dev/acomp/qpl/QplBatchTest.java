package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.Status;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches are in flight together; the poller completes requests, survives callbacks, and closes cleanly. */
@ExtendWith(QplSimulatorExtension.class)
class QplBatchTest {
    private static final int BATCH = 8;
    private static List<byte[]> pages;

    @BeforeAll
    static void loadCorpus() {
        pages = SharedData.corpusPages(SharedData.PAGE_SIZE, false);
    }

    private static Acomp allocate(String completion, AcompOptions.Builder options) {
        return AcompRegistry.of(new QplProvider().drivers()).allocate("deflate-iaa",
                options.property("qpl.completion", completion).build());
    }

    private static void setUnits(AcompRequest request, int firstPage, ByteBuffer[] src, ByteBuffer[] dst) {
        request.operation(Operation.COMPRESS).units(BATCH);
        for (int i = 0; i < BATCH; i++) {
            src[i].clear().put(pages.get((firstPage + i) % pages.size())).flip();
            dst[i].clear();
            request.unit(i, src[i], dst[i]);
        }
    }

    private static void verify(AcompRequest request, int firstPage, ByteBuffer[] dst) {
        for (int i = 0; i < BATCH; i++) {
            assertNull(request.failure(i), "unit " + i);
            byte[] page = pages.get((firstPage + i) % pages.size());
            ByteBuffer stream = dst[i].duplicate().limit(request.producedLength(i));
            assertArrayEquals(page, JdkDeflate.inflate(stream, page.length), "page " + (firstPage + i));
        }
    }

    private static ByteBuffer[] directBuffers(int size) {
        ByteBuffer[] b = new ByteBuffer[BATCH];
        for (int i = 0; i < BATCH; i++) {
            b[i] = ByteBuffer.allocateDirect(size);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "poller"})
    void aBatchOfEightIsInFlightTogether(String completion, QplSimulator sim) {
        // Long enough that no job finishes before the last of the batch is submitted, even on a busy host.
        sim.set("latency_us", 100_000);
        try (Acomp acomp = allocate(completion, AcompOptions.builder()); AcompRequest request = acomp.newRequest()) {
            ByteBuffer[] src = directBuffers(SharedData.PAGE_SIZE);
            ByteBuffer[] dst = directBuffers(2 * SharedData.PAGE_SIZE);
            setUnits(request, 0, src, dst);
            request.execute();
            verify(request, 0, dst);
            assertEquals(BATCH, sim.maxInFlight(), "jobs in flight at once on the simulator");
            assertEquals(BATCH, sim.read("hardware_jobs"));
        }
    }

    @Test
    void thePollerRunsCallbacksOnItsThreadAndSurvivesOneThatThrows(QplSimulator sim) {
        CopyOnWriteArrayList<Throwable> handled = new CopyOnWriteArrayList<>();
        AcompOptions.Builder options = AcompOptions.builder().callbackFailureHandler((r, t) -> handled.add(t));
        sim.set("latency_us", 1_000);
        try (Acomp acomp = allocate("poller", options); AcompRequest request = acomp.newRequest()) {
            ByteBuffer[] src = directBuffers(SharedData.PAGE_SIZE);
            ByteBuffer[] dst = directBuffers(2 * SharedData.PAGE_SIZE);
            AtomicReference<Thread> callbackThread = new AtomicReference<>();
            setUnits(request, 0, src, dst);
            request.callback(r -> {
                callbackThread.set(Thread.currentThread());
                throw new IllegalStateException("callback failure");
            });
            // The synchronous wait keeps the callback and returns once it has run.
            request.execute();
            assertNotSame(Thread.currentThread(), callbackThread.get());
            assertTrue(callbackThread.get().getName().contains("poller"), callbackThread.get().getName());
            verify(request, 0, dst);
            // The poller survived: the next request completes too.
            request.callback(null);
            setUnits(request, BATCH, src, dst);
            request.execute();
            verify(request, BATCH, dst);
            assertEquals(1, handled.size());
            assertEquals("callback failure", handled.get(0).getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "poller"})
    void threadsSharingATransformGetTheirOwnPagesBack(String completion) throws Exception {
        int threads = 3;
        int batchesPerThread = 60;
        try (Acomp acomp = allocate(completion, AcompOptions.builder())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> results = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t * 997;
                    results.add(pool.submit(() -> {
                        try (AcompRequest request = acomp.newRequest()) {
                            ByteBuffer[] src = directBuffers(SharedData.PAGE_SIZE);
                            ByteBuffer[] dst = directBuffers(2 * SharedData.PAGE_SIZE);
                            for (int b = 0; b < batchesPerThread; b++) {
                                int first = offset + b * BATCH;
                                setUnits(request, first, src, dst);
                                request.execute();
                                verify(request, first, dst);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : results) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(threads * batchesPerThread * BATCH, acomp.statistics().get("jobs_submitted"));
        }
    }

    @Test
    void closeWaitsForTheRequestInFlightAndClosesEveryRequest(QplSimulator sim) {
        sim.set("latency_us", 200_000);
        Acomp acomp = allocate("poller", AcompOptions.builder());
        AcompRequest inFlight = acomp.newRequest();
        AcompRequest idle = acomp.newRequest();
        ByteBuffer[] src = directBuffers(SharedData.PAGE_SIZE);
        ByteBuffer[] dst = directBuffers(2 * SharedData.PAGE_SIZE);
        setUnits(inFlight, 0, src, dst);
        acomp.submit(inFlight);
        assertTrue(inFlight.isInFlight(), "the poller completes it 200 ms later");
        acomp.close();
        assertTrue(inFlight.isClosed());
        verify(inFlight, 0, dst);
        assertTrue(idle.isClosed(), "requests are closed with their transform");
        assertTrue(acomp.isClosed());
    }
}
