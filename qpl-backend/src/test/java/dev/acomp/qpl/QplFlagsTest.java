package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompFlags;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the request flags change on deflate-iaa, against the simulator's busy queues and slow jobs. */
@ExtendWith(QplSimulatorExtension.class)
class QplFlagsTest {
    private static final int BATCH = 8;
    private static final List<byte[]> PAGES = SharedData.corpusPages(SharedData.PAGE_SIZE, false).subList(0, BATCH);

    @Test
    void withoutMayBacklogABusyQueueFailsTheUnitAtOnce(QplSimulator sim) {
        sim.set("busy_submits", 3);
        try (Acomp acomp = iaa(); AcompRequest request = acomp.newRequest()) {
            compressBatch(request, AcompFlags.MAY_SLEEP);
            for (int i = 0; i < BATCH; i++) {
                if (i < 3) {
                    assertInstanceOf(RequestFailedException.BackendBusyException.class, request.failure(i), "unit " + i);
                } else {
                    assertNull(request.failure(i), "unit " + i);
                }
            }
            Map<String, Long> stats = acomp.statistics();
            assertEquals(0, stats.get("busy_resubmits"));
            assertEquals(0, stats.get("software_fallbacks"));
        }
    }

    @Test
    void withMayBacklogABusyQueueIsResubmitted(QplSimulator sim) {
        sim.set("busy_submits", 3);
        try (Acomp acomp = iaa(); AcompRequest request = acomp.newRequest()) {
            compressBatch(request, AcompFlags.MAY_SLEEP | AcompFlags.MAY_BACKLOG);
            assertTrue(request.succeeded(), () -> String.valueOf(request.failure()));
            assertEquals(3, acomp.statistics().get("busy_resubmits"));
        }
    }

    @Test
    void withoutMaySleepTheSubmitterSpinsAndWithItItParks(QplSimulator sim) throws InterruptedException {
        // Long enough to pass the back-off's spins and yields even on a loaded machine.
        sim.set("latency_us", 200_000);
        try (Acomp acomp = iaa(); AcompRequest request = acomp.newRequest()) {
            Set<Thread.State> spinning = statesWhileSubmitting(request, AcompFlags.MAY_BACKLOG);
            assertFalse(spinning.contains(Thread.State.TIMED_WAITING) || spinning.contains(Thread.State.WAITING),
                    "a submitter that may not sleep was seen " + spinning);
            Set<Thread.State> sleeping = statesWhileSubmitting(request, AcompFlags.MAY_BACKLOG | AcompFlags.MAY_SLEEP);
            assertTrue(sleeping.contains(Thread.State.TIMED_WAITING), "a submitter that may sleep was seen " + sleeping);
        }
    }

    /** The states of a thread submitting 2 slow batches with {@code flags}, sampled until it ends. */
    private static Set<Thread.State> statesWhileSubmitting(AcompRequest request, int flags) throws InterruptedException {
        Set<Thread.State> seen = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread submitter = new Thread(() -> {
            try {
                for (int n = 0; n < 2; n++) {
                    compressBatch(request, flags);
                    assertTrue(request.succeeded());
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "submitter");
        submitter.start();
        while (submitter.isAlive()) {
            Thread.State s = submitter.getState();
            if (s != Thread.State.TERMINATED && s != Thread.State.NEW) {
                seen.add(s);
            }
            Thread.sleep(0, 100_000);
        }
        submitter.join();
        assertNull(failed.get());
        return seen;
    }

    private static Acomp iaa() {
        return AcompRegistry.of(new QplProvider().drivers()).allocate("deflate-iaa");
    }

    private static void compressBatch(AcompRequest request, int flags) {
        request.operation(Operation.COMPRESS).units(BATCH).flags(flags);
        for (int i = 0; i < BATCH; i++) {
            request.unit(i, ByteBuffer.allocateDirect(PAGES.get(i).length).put(0, PAGES.get(i)),
                    ByteBuffer.allocateDirect(2 * SharedData.PAGE_SIZE));
        }
        request.execute();
    }
}
