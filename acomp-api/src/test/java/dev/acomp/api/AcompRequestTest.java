package dev.acomp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.spi.Submission;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The caller's side of a request against an asynchronous driver that the test completes by hand. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcompRequestTest {
    private final HeldTransform driver = new HeldTransform();
    private final Acomp acomp = AcompRegistry.of(FakeDriver.of("held", driver)).allocate("held");

    @AfterEach
    void close() {
        // A failed assertion can leave a request in flight; complete it so that closing cannot park for good.
        Submission<?> left = driver.held;
        if (left != null) {
            try {
                left.complete();
            } catch (IllegalStateException completedAlready) {
                // the test completed it
            }
        }
        acomp.close();
    }

    @Test
    void callerFaceHasNoConstructorAndNoDriverMethods() {
        assertEquals(0, AcompRequest.class.getConstructors().length, "public constructors");
        Set<String> forbidden = Set.of("begin", "beginSubmission", "complete", "unitSucceeded", "unitFailed",
                "failed", "abandon", "submission", "driverContext", "context");
        Set<String> found = new TreeSet<>();
        for (Method m : AcompRequest.class.getMethods()) {
            if (forbidden.contains(m.getName())) {
                found.add(m.getName());
            }
        }
        assertEquals(Set.of(), found, "driver methods on the caller's request");
        assertTrue(Modifier.isFinal(AcompRequest.class.getModifiers()));
        assertTrue(Modifier.isFinal(Acomp.class.getModifiers()));
        assertEquals(0, Acomp.class.getConstructors().length, "Acomp is made by the registry only");
        assertFalse(Arrays.stream(Status.values()).anyMatch(s -> s.name().contains("UNSUPPORTED")));
    }

    @Test
    void kernelDataReachesTheDriverUntouchedAndResultsComeBack() {
        Object mine = new Object();
        AtomicInteger calls = new AtomicInteger();
        try (AcompRequest request = acomp.newRequest()) {
            request.units(2).unit(0, page(), ByteBuffer.allocate(8)).unit(1, page(), ByteBuffer.allocate(8))
                    .kernelData(mine).callback(r -> calls.incrementAndGet());
            acomp.submit(request);
            assertTrue(request.isInFlight());
            assertSame(mine, driver.held.kernelData());
            assertEquals(2, driver.held.units());
            driver.held.succeeded(0, 3);
            driver.held.failed(1, new RequestFailedException.BackendBusyException("held", 1, 5, "queues full"));
            assertEquals(0, calls.get(), "no callback before complete");
            driver.held.complete();
            assertEquals(1, calls.get());
            assertEquals(3, request.producedLength(0));
            RequestFailedException busy = request.failure(1);
            assertEquals(Status.BUSY, busy.status());
            assertEquals(5, busy.nativeCode());
            assertSame(busy, request.failure());
        }
    }

    @Test
    void completingTwiceIsADriverBug() {
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(page(), ByteBuffer.allocate(8));
            acomp.submit(request);
            driver.held.succeeded(0, 1);
            driver.held.complete();
            assertThrows(IllegalStateException.class, driver.held::complete);
        }
    }

    @Test
    void unitCompletedWithoutAResultIsABackendFailure() {
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(page(), ByteBuffer.allocate(8));
            acomp.submit(request);
            driver.held.complete();
            assertEquals(Status.BACKEND_FAILURE, request.failure(0).status());
            assertTrue(request.failure(0).getMessage().contains("without a result"));
        }
    }

    @Test
    void driverClaimingMoreOutputThanTheDestinationHoldsIsRefused() {
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(page(), ByteBuffer.allocate(8));
            acomp.submit(request);
            assertThrows(IllegalArgumentException.class, () -> driver.held.succeeded(0, 9));
            driver.held.succeeded(0, 8);
            driver.held.complete();
        }
    }

    @Test
    void requestInFlightOrOfAnotherTransformIsRefused() {
        try (AcompRequest request = acomp.newRequest();
                Acomp other = AcompRegistry.of(FakeDriver.available("copy", "copy-other", 100)).allocate("copy")) {
            request.buffers(page(), ByteBuffer.allocate(8));
            assertThrows(IllegalArgumentException.class, () -> other.submit(request));
            acomp.submit(request);
            assertThrows(IllegalStateException.class, () -> acomp.submit(request));
            driver.held.succeeded(0, 1);
            driver.held.complete();
        }
    }

    @Test
    void driverThrowingAnErrorFromSubmitCompletesTheRequestOnce() {
        AtomicInteger calls = new AtomicInteger();
        driver.throwOnSubmit = new NoClassDefFoundError("vendor/Codec");
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(page(), ByteBuffer.allocate(8)).callback(r -> calls.incrementAndGet());
            acomp.submit(request);
            assertEquals(1, calls.get());
            assertFalse(request.isInFlight());
            assertInstanceOf(NoClassDefFoundError.class, request.failure(0).getCause());
            RequestFailedException thrown = assertThrows(RequestFailedException.BackendFailureException.class,
                    () -> request.compress(page(), ByteBuffer.allocate(8)));
            assertInstanceOf(NoClassDefFoundError.class, thrown.getCause());
            assertEquals(2, calls.get(), "once for the submit, once for the synchronous call");
        }
    }

    @Test
    void closingARequestInFlightParksUntilItCompletes() throws Exception {
        AcompRequest request = acomp.newRequest();
        request.buffers(page(), ByteBuffer.allocate(8));
        acomp.submit(request);
        Thread closer = new Thread(request::close, "closer");
        closer.start();
        waitForState(closer, Thread.State.WAITING);
        assertFalse(request.isClosed());
        assertEquals(0, driver.contextsReleased.get());
        driver.held.succeeded(0, 1);
        driver.held.complete();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertTrue(request.isClosed());
        assertEquals(1, driver.contextsReleased.get());
    }

    @Test
    void synchronousCallWaitsParkedForAnotherThreadsCompletion() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (AcompRequest request = acomp.newRequest()) {
            request.callback(r -> calls.incrementAndGet());
            Thread caller = new Thread(() -> request.compress(page(), ByteBuffer.allocate(8)), "caller");
            caller.start();
            waitForState(caller, Thread.State.WAITING);
            driver.held.succeeded(0, 2);
            driver.held.complete();
            caller.join(10_000);
            assertFalse(caller.isAlive());
            assertEquals(1, calls.get());
            assertEquals(2, request.producedLength(0));
        }
    }

    @Test
    void closingTheTransformWaitsForRequestsInFlightThenReleasesTheDriver() throws Exception {
        AcompRequest request = acomp.newRequest();
        request.buffers(page(), ByteBuffer.allocate(8));
        acomp.submit(request);
        Thread closer = new Thread(acomp::close, "closer");
        closer.start();
        waitForState(closer, Thread.State.WAITING);
        assertEquals(0, driver.closes.get());
        driver.held.failed(0, new RequestFailedException.AcompClosedException("held", 0, "transform closing"));
        driver.held.complete();
        closer.join(10_000);
        assertEquals(1, driver.closes.get());
        assertTrue(request.isClosed());
        assertThrows(RequestFailedException.AcompClosedException.class, () -> acomp.submit(request));
    }

    @Test
    void setUpRefusesWhatWouldBreakADriver() {
        try (AcompRequest request = acomp.newRequest()) {
            assertThrows(IllegalArgumentException.class,
                    () -> request.buffers(page(), ByteBuffer.allocate(8).asReadOnlyBuffer()));
            assertThrows(IllegalArgumentException.class, () -> request.flags(1 << 7));
            assertThrows(NullPointerException.class, () -> request.buffers(null, ByteBuffer.allocate(8)));
            assertThrows(IllegalArgumentException.class, () -> request.units(5));
            request.units(2).unit(0, page(), ByteBuffer.allocate(8));
            assertThrows(IllegalStateException.class, () -> acomp.submit(request), "unit 1 has no buffers");
            assertFalse(request.isInFlight());
        }
    }

    private static void waitForState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != state) {
            assertTrue(System.nanoTime() < deadline, t.getName() + " is " + t.getState() + ", not " + state);
            Thread.sleep(1);
        }
    }

    private static ByteBuffer page() {
        return ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    }
}
