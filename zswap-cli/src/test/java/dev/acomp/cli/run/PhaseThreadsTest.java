package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class PhaseThreadsTest {
    @Test
    void everyThreadRunsThePhaseAtOnceAndTheSharesCoverTheItems() throws InterruptedException {
        try (PhaseThreads phases = new PhaseThreads(3, "test-phase")) {
            Set<Integer> numbers = ConcurrentHashMap.newKeySet();
            CountDownLatch together = new CountDownLatch(3);
            PhaseTime time = phases.run(t -> {
                numbers.add(t);
                together.countDown();
                try {
                    together.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(Set.of(0, 1, 2), numbers);
            assertTrue(time.nanos() > 0 && time.cpuNanos() >= 0, time::toString);
            assertEquals(0, phases.share(10, 0));
            assertEquals(3, phases.share(10, 1));
            assertEquals(6, phases.share(10, 2));
            assertEquals(10, phases.share(10, 3));
        }
    }

    @Test
    void aFailureIsThrownOnceEveryThreadHasEnded() {
        try (PhaseThreads phases = new PhaseThreads(2, "test-phase")) {
            AtomicBoolean slowOneEnded = new AtomicBoolean();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> phases.run(t -> {
                if (t == 0) {
                    throw new IllegalArgumentException("page 7 differs");
                }
                LockSupport.parkNanos(200_000_000);
                slowOneEnded.set(true);
            }));
            assertEquals("page 7 differs", e.getMessage());
            assertTrue(slowOneEnded.get(), "the phase returned while a thread still ran it");
        }
    }
}
