package dev.acomp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The request life cycle, through the smallest sequential transform: a copy. */
class SequentialAcompTest {
    private final List<Throwable> callbackFailures = new ArrayList<>();
    private final CopyAcomp acomp = new CopyAcomp("copy", "copy-generic", AcompOptions.builder()
            .callbackFailureHandler((request, failure) -> callbackFailures.add(failure)).build());

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
        assertThrows(IllegalArgumentException.class, () -> new CopyAcomp("copy", "copy-generic", options));
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
            assertEquals(Status.OK, request.status());
            assertEquals(0, dst.position(), "positions stay where they were");
        }
    }

    @Test
    void completingTwiceIsADriverBug() {
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(bytes("x"), ByteBuffer.allocate(1));
            request.beginSubmission(acomp);
            request.unitSucceeded(0, 1);
            request.complete(CallbackFailureHandler.logging());
            assertThrows(IllegalStateException.class, () -> request.complete(CallbackFailureHandler.logging()));
        }
    }

    @Test
    void requestInFlightOrOfAnotherTransformIsRefused() {
        try (AcompRequest request = acomp.newRequest();
                CopyAcomp other = new CopyAcomp("copy", "copy-other", AcompOptions.defaults())) {
            request.buffers(bytes("x"), ByteBuffer.allocate(1));
            assertThrows(IllegalArgumentException.class, () -> other.submit(request));
            request.beginSubmission(acomp);
            assertThrows(IllegalStateException.class, () -> acomp.submit(request));
            request.unitSucceeded(0, 1);
            request.complete(CallbackFailureHandler.logging());
        }
    }

    @Test
    void unitCompletedWithoutAResultIsABackendFailure() {
        try (AcompRequest request = acomp.newRequest()) {
            request.buffers(bytes("x"), ByteBuffer.allocate(1));
            request.beginSubmission(acomp);
            request.complete(CallbackFailureHandler.logging());
            assertEquals(Status.BACKEND_FAILURE, request.status(0));
            assertTrue(request.failure(0).getMessage().contains("without a result"));
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
    void codecFailuresBecomeTypedStatusesNeverThrownBySubmit() {
        try (AcompRequest request = acomp.newRequest()) {
            request.operation(Operation.DECOMPRESS).buffers(bytes("!bad"), ByteBuffer.allocate(8)).callback(null);
            acomp.submit(request);
            assertEquals(Status.CORRUPT_INPUT, request.status(0));
            assertInstanceOf(RequestFailedException.CorruptInputException.class, request.failure(0));
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
    void closeReleasesEveryRequestContextAndRefusesNewRequests() {
        AcompRequest first = acomp.newRequest();
        AcompRequest second = acomp.newRequest();
        second.close();
        acomp.close();
        assertTrue(first.isClosed());
        assertEquals(2, acomp.contextsClosed.get(), "each context released exactly once");
        assertThrows(RequestFailedException.AcompClosedException.class, acomp::newRequest);
        assertThrows(RequestFailedException.AcompClosedException.class,
                () -> first.compress(bytes("x"), ByteBuffer.allocate(1)));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
