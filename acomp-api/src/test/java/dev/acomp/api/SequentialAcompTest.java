package dev.acomp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request life cycle through the smallest sequential transform: a copy. */
class SequentialAcompTest {
    private final List<Throwable> callbackFailures = new ArrayList<>();
    private final CopyAcomp copy = new CopyAcomp("copy-generic", AcompOptions.defaults());
    private final Acomp acomp = AcompRegistry.of(FakeDriver.of("copy-generic", copy)).allocate("copy-generic",
            AcompOptions.builder().callbackFailureHandler((request, failure) -> callbackFailures.add(failure)).build());

    @AfterEach
    void close() {
        acomp.close();
    }

    @Test
    void batchOfOneRejectsASecondUnit() {
        try (AcompRequest request = acomp.newRequest()) {
            assertEquals(1, acomp.maxBatchSize());
            assertThrows(IllegalArgumentException.class, () -> request.units(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> request.unit(1, bytes("a"), ByteBuffer.allocate(1)));
            assertTrue(e.getMessage().contains("copy-generic"), e.getMessage());
        }
    }

    @Test
    void batchSizeOptionAboveTheDriversMaximumIsRejected() {
        AcompOptions options = AcompOptions.builder().maxBatchSize(2).build();
        assertThrows(IllegalArgumentException.class, () -> new CopyAcomp("copy-generic", options));
        assertThrows(IllegalArgumentException.class, () -> AcompOptions.builder().maxBatchSize(0));
    }

    @Test
    void callbackRunsExactlyOnceAndSeesKernelDataAndResults() {
        Object kernelData = new Object();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Object> seen = new AtomicReference<>();
        try (AcompRequest request = acomp.newRequest()) {
            ByteBuffer dst = ByteBuffer.allocate(16);
            request.operation(Operation.COMPRESS).buffers(bytes("page"), dst).kernelData(kernelData).callback(r -> {
                calls.incrementAndGet();
                seen.set(r.kernelData());
                assertEquals(4, r.producedLength(0));
            });
            acomp.submit(request);
            assertEquals(1, calls.get());
            assertSame(kernelData, seen.get());
            assertSame(kernelData, request.kernelData());
            assertTrue(request.succeeded());
            assertEquals(0, dst.position(), "positions stay where they were");
        }
    }

    @Test
    void synchronousHelpersLeaveTheCallerCallbackInPlace() {
        AtomicInteger calls = new AtomicInteger();
        AcompCallback cb = r -> calls.incrementAndGet();
        try (AcompRequest request = acomp.newRequest()) {
            request.callback(cb);
            assertEquals(4, request.compress(bytes("page"), ByteBuffer.allocate(8)));
            assertSame(cb, request.callback(), "waiting must not replace the callback");
            acomp.submit(request);
            assertEquals(2, calls.get(), "once for the synchronous call, once for the submit");
        }
    }

    @Test
    void throwingCallbackGoesToTheHandlerAndTheRequestStaysUsable() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (AcompRequest request = acomp.newRequest()) {
            request.operation(Operation.COMPRESS).buffers(bytes("page"), ByteBuffer.allocate(8)).callback(r -> {
                throw boom;
            });
            acomp.submit(request);
            assertEquals(List.of(boom), callbackFailures);
            assertEquals(4, request.compress(bytes("more"), ByteBuffer.allocate(8)));
        }
    }

    @Test
    void codecFailuresBecomeTypedFailuresNeverThrownBySubmit() {
        try (AcompRequest request = acomp.newRequest()) {
            request.operation(Operation.DECOMPRESS).buffers(bytes("!bad"), ByteBuffer.allocate(8));
            acomp.submit(request);
            RequestFailedException f = request.failure(0);
            assertInstanceOf(RequestFailedException.CorruptInputException.class, f);
            assertEquals(Status.CORRUPT_INPUT, f.status());
            assertEquals(RequestFailedException.NO_NATIVE_CODE, f.nativeCode());
            assertEquals(0, request.producedLength(0));

            RequestFailedException.DestinationTooSmallException small = assertThrows(
                    RequestFailedException.DestinationTooSmallException.class,
                    () -> request.compress(bytes("too long"), ByteBuffer.allocate(2)));
            assertEquals("copy-generic", small.driver());

            RequestFailedException.BackendFailureException unexpected = assertThrows(
                    RequestFailedException.BackendFailureException.class,
                    () -> request.compress(bytes("?"), ByteBuffer.allocate(2)));
            assertInstanceOf(ArithmeticException.class, unexpected.getCause());
        }
    }

    @Test
    void codecThrowingAnErrorFailsTheUnitRunsTheCallbackOnceAndLeavesTheRequestIdle() {
        AtomicInteger calls = new AtomicInteger();
        AcompRequest request = acomp.newRequest();
        request.operation(Operation.COMPRESS).buffers(bytes("#page"), ByteBuffer.allocate(8))
                .callback(r -> calls.incrementAndGet());
        acomp.submit(request);
        assertEquals(1, calls.get());
        assertInstanceOf(UnsatisfiedLinkError.class, request.failure(0).getCause());
        assertEquals(Status.BACKEND_FAILURE, request.failure(0).status());
        assertTrue(!request.isInFlight());
        request.close();
        assertTrue(request.isClosed());
    }

    @Test
    void successClearsTheLastFailure() {
        try (AcompRequest request = acomp.newRequest()) {
            request.operation(Operation.DECOMPRESS).buffers(bytes("!bad"), ByteBuffer.allocate(8)).execute();
            assertTrue(!request.succeeded());
            request.buffers(bytes("good"), ByteBuffer.allocate(8)).execute();
            assertNull(request.failure(0));
            assertNull(request.failure());
        }
    }

    @Test
    void closeReleasesEveryRequestContextAndRefusesNewRequests() {
        AcompRequest first = acomp.newRequest();
        AcompRequest second = acomp.newRequest();
        second.close();
        acomp.close();
        assertTrue(first.isClosed());
        assertEquals(2, copy.contextsClosed.get(), "each context released exactly once");
        assertThrows(RequestFailedException.AcompClosedException.class, acomp::newRequest);
        assertThrows(RequestFailedException.AcompClosedException.class,
                () -> first.compress(bytes("x"), ByteBuffer.allocate(1)));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
