package dev.acomp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.CallbackFailureHandler;
import dev.acomp.api.DriverInfo;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.RequestFailedException.AcompClosedException;
import dev.acomp.api.RequestFailedException.CorruptInputException;
import dev.acomp.api.RequestFailedException.DestinationTooSmallException;
import dev.acomp.api.Status;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every acomp driver must do, as a JUnit 5 suite: subclass it, name the driver, run it. Shipped as a
 * normal jar so that a vendor's plugin can prove itself the same way our drivers do.
 *
 * <pre>{@code
 * class DeflateIaaConformanceTest extends AcompConformanceKit {
 *     protected String driverName() { return "deflate-iaa"; }
 * }
 * }</pre>
 *
 * Every test works through the acomp API only, on a fresh transform of the driver. Test data comes from
 * {@link SharedData}. A run takes seconds for a software codec.
 */
public abstract class AcompConformanceKit {
    private static final int PAGE = KitData.PAGE;
    private static final int CORRUPT_INPUTS = 10_000;
    private static final long CORRUPT_SEED = 0x5EED_ACC0L;
    private static final int THREADS = 8;
    private static final Duration GENEROUS = Duration.ofMinutes(2);

    private Acomp acomp;

    /** The driver under test, by its driver name (e.g. {@code "deflate-iaa"}), not its algorithm. */
    protected abstract String driverName();

    /** Where the driver is found; every provider on the class or module path by default. */
    protected AcompRegistry registry() {
        return AcompRegistry.load();
    }

    /** Options for the transforms under test; the driver's defaults by default. */
    protected AcompOptions options() {
        return AcompOptions.defaults();
    }

    @BeforeEach
    public void allocateTransform() {
        acomp = registry().allocate(driverName(), options());
    }

    @AfterEach
    public void closeTransform() {
        // Null when allocation was skipped, e.g. by an assumption in a subclass's registry().
        if (acomp != null) {
            acomp.close();
        }
    }

    @Test
    public void driverIsListedAvailableAndAllocatedByName() {
        DriverInfo info = registry().drivers().stream().filter(d -> d.driver().equals(driverName())).findFirst()
                .orElseThrow(() -> new AssertionError(driverName() + " not in " + registry().drivers()));
        assertTrue(info.available(), () -> driverName() + " unavailable: " + info.cause());
        assertNull(info.cause());
        assertEquals(driverName(), acomp.driver());
        assertEquals(info.algorithm(), acomp.algorithm());
        assertTrue(acomp.maxBatchSize() >= 1 && acomp.maxBatchSize() <= info.maxBatchSize(),
                "transform batch size " + acomp.maxBatchSize() + " vs driver's " + info.maxBatchSize());
        for (int n : KitData.unitSizes()) {
            assertTrue(acomp.maxCompressedLength(n) >= n, "maxCompressedLength(" + n + ") below " + n);
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void everyPageOfTheCorpusAndTheMemoryImage() {
            List<byte[]> pages = KitData.allPages();
            List<UnitBuffers> layouts = everyLayout(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                for (int i = 0; i < pages.size(); i++) {
                    layouts.get(i % layouts.size()).roundTrip(request, pages.get(i), "page " + i);
                }
            }
        }

        @Test
        void everyUnitSizeOfTextRandomAndZeroBytes() {
            List<UnitBuffers> layouts = everyLayout(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                int i = 0;
                for (int n : KitData.unitSizes()) {
                    layouts.get(i++ % layouts.size()).roundTrip(request, KitData.text(n), "text");
                    layouts.get(i++ % layouts.size()).roundTrip(request, KitData.random(n, n), "random");
                    layouts.get(i++ % layouts.size()).roundTrip(request, KitData.filled(n, 0), "zeros");
                }
            }
        }

        @Test
        void zeroAndSameFilledPagesInEveryLayout() {
            try (AcompRequest request = acomp.newRequest()) {
                for (UnitBuffers buffers : everyLayout(PAGE)) {
                    for (int value : new int[] {0x00, 0xFF, 0x5A}) {
                        buffers.roundTrip(request, KitData.filled(PAGE, value), "page of " + value);
                    }
                }
            }
        }

        @Test
        void incompressiblePagesFitInMaxCompressedLength() {
            List<UnitBuffers> layouts = everyLayout(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                for (int i = 0; i < 64; i++) {
                    // roundTrip compresses into exactly maxCompressedLength bytes.
                    layouts.get(i % layouts.size()).roundTrip(request, KitData.random(i, PAGE), "random page " + i);
                }
            }
        }

        @Test
        void textAndMemoryPagesInEveryLayout() {
            List<byte[]> pages = List.of(KitData.text(PAGE), KitData.memoryPage(),
                    KitData.random(7, PAGE));
            try (AcompRequest request = acomp.newRequest()) {
                for (UnitBuffers buffers : everyLayout(PAGE)) {
                    for (byte[] page : pages) {
                        buffers.roundTrip(request, page, "sample page");
                    }
                }
            }
        }
    }

    @Nested
    class DestinationBounds {
        @Test
        void compressIntoExactlyTheCompressedLengthSucceeds() {
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] data : boundSamples()) {
                    byte[] packed = compressed(request, data);
                    for (UnitBuffers.Layout layout : UnitBuffers.LAYOUTS.subList(0, 4)) {
                        GuardedBuffer src = new GuardedBuffer(layout.source(), layout.offset(), data.length);
                        GuardedBuffer dst = new GuardedBuffer(layout.destination(), layout.offset(), packed.length);
                        int n = request.compress(src.source(data), dst.destination(packed.length));
                        dst.assertUntouchedOutside("exact destination, " + layout);
                        assertTrue(n <= packed.length, "compressed to " + n + " bytes, first time " + packed.length);
                        assertArrayEquals(data, decompressed(request, dst.bytes(n), data.length),
                                "exact destination, " + layout);
                    }
                }
            }
        }

        @Test
        void compressIntoOneByteLessFailsWithDestinationTooSmall() {
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] data : boundSamples()) {
                    int length = compressed(request, data).length - 1;
                    for (UnitBuffers.Layout layout : UnitBuffers.LAYOUTS.subList(0, 4)) {
                        GuardedBuffer src = new GuardedBuffer(layout.source(), layout.offset(), data.length);
                        GuardedBuffer dst = new GuardedBuffer(layout.destination(), layout.offset(), length);
                        DestinationTooSmallException e = assertThrows(DestinationTooSmallException.class,
                                () -> request.compress(src.source(data), dst.destination(length)),
                                () -> data.length + " bytes into " + length + ", " + layout);
                        assertEquals(Status.DESTINATION_TOO_SMALL, e.status());
                        assertEquals(acomp.driver(), e.driver());
                        assertEquals(Status.DESTINATION_TOO_SMALL, request.status(0));
                        assertEquals(0, request.producedLength(0));
                        src.assertSourceIntact("short destination, " + layout, data);
                        dst.assertUntouchedOutside("short destination, " + layout);
                    }
                }
            }
        }

        @Test
        void decompressIntoExactlyTheOriginalLengthSucceeds() {
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] data : boundSamples()) {
                    byte[] packed = compressed(request, data);
                    for (UnitBuffers.Layout layout : UnitBuffers.LAYOUTS.subList(0, 4)) {
                        GuardedBuffer src = new GuardedBuffer(layout.destination(), layout.offset(), packed.length);
                        GuardedBuffer dst = new GuardedBuffer(layout.source(), layout.offset(), data.length);
                        assertEquals(data.length, request.decompress(src.source(packed), dst.destination(data.length)));
                        dst.assertUntouchedOutside("exact decompress destination, " + layout);
                        assertArrayEquals(data, dst.bytes(data.length));
                    }
                }
            }
        }

        @Test
        void decompressIntoOneByteLessFailsWithoutWritingPastTheLimit() {
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] data : boundSamples()) {
                    byte[] packed = compressed(request, data);
                    int length = data.length - 1;
                    for (UnitBuffers.Layout layout : UnitBuffers.LAYOUTS.subList(0, 4)) {
                        GuardedBuffer src = new GuardedBuffer(layout.destination(), layout.offset(), packed.length);
                        GuardedBuffer dst = new GuardedBuffer(layout.source(), layout.offset(), length);
                        RequestFailedException e = assertThrows(RequestFailedException.class,
                                () -> request.decompress(src.source(packed), dst.destination(length)),
                                () -> data.length + " bytes into " + length + ", " + layout);
                        assertTrue(e instanceof DestinationTooSmallException || e instanceof CorruptInputException,
                                () -> "expected destination too small or corrupt input, got " + e);
                        src.assertSourceIntact("short decompress destination, " + layout, packed);
                        dst.assertUntouchedOutside("short decompress destination, " + layout);
                    }
                }
            }
        }

        @Test
        void failedUnitIsReportedThroughItsStatusNotThrownBySubmit() throws InterruptedException {
            byte[] data = KitData.text(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                int length = compressed(request, data).length - 1;
                GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, length);
                Completion completion = new Completion();
                request.operation(Operation.COMPRESS).buffers(source(data), dst.destination(length))
                        .callback(completion);
                acomp.submit(request);
                completion.assertCalledOnce();
                assertEquals(Status.DESTINATION_TOO_SMALL, request.status());
                assertEquals(Status.DESTINATION_TOO_SMALL, request.status(0));
                assertInstanceOf(DestinationTooSmallException.class, request.failure(0));
                assertEquals(0, request.producedLength(0));
                dst.assertUntouchedOutside("failed unit");
            }
        }

        private List<byte[]> boundSamples() {
            return List.of(KitData.text(PAGE), KitData.memoryPage(), KitData.filled(PAGE, 0),
                    KitData.random(3, PAGE), KitData.text(1), KitData.text(100), KitData.random(5, 3));
        }
    }

    @Nested
    class CorruptInput {
        @Test
        void tenThousandDamagedStreamsFailTypedOrStayBounded() {
            assertTimeoutPreemptively(GENEROUS, () -> {
                try (AcompRequest request = acomp.newRequest()) {
                    List<byte[]> valid = new ArrayList<>();
                    for (byte[] data : corruptionBases()) {
                        valid.add(compressed(request, data));
                    }
                    CorruptInputs inputs = new CorruptInputs(CORRUPT_SEED, valid);
                    int capacity = 2 * PAGE + GuardedBuffer.GUARD_LENGTH + acomp.maxCompressedLength(PAGE);
                    GuardedBuffer[] sources = {new GuardedBuffer(BufferKind.DIRECT, 0, capacity),
                            new GuardedBuffer(BufferKind.HEAP_SLICED, 7, capacity)};
                    GuardedBuffer[] destinations = {new GuardedBuffer(BufferKind.DIRECT, 0, PAGE),
                            new GuardedBuffer(BufferKind.HEAP, 5, PAGE)};
                    UnitBuffers check = new UnitBuffers(acomp, UnitBuffers.LAYOUTS.get(0), PAGE);
                    for (int i = 0; i < CORRUPT_INPUTS; i++) {
                        CorruptInputs.Input input = inputs.next();
                        try {
                            decompressCorrupt(request, input.bytes(), sources[i & 1], destinations[i & 1]);
                        } catch (AssertionError e) {
                            throw new AssertionError(acomp.driver() + ": corrupt input " + i + " (" + input + "): " + e.getMessage(), e);
                        }
                        if (i % 1000 == 999) {
                            check.roundTrip(request, KitData.text(PAGE), "round trip after " + (i + 1) + " corrupt inputs");
                        }
                    }
                }
            });
        }

        private void decompressCorrupt(AcompRequest request, byte[] input, GuardedBuffer src, GuardedBuffer dst) {
            try {
                int n = request.decompress(src.source(input), dst.destination(PAGE));
                assertTrue(n >= 0 && n <= PAGE, "decompressed length " + n + " outside 0.." + PAGE);
            } catch (RequestFailedException e) {
                if (!(e instanceof CorruptInputException || e instanceof DestinationTooSmallException)) {
                    fail("expected corrupt input or destination too small, got " + e, e);
                }
                assertEquals(e.status(), request.status(0));
                assertEquals(0, request.producedLength(0));
            }
            src.assertSourceIntact("corrupt source", input);
            dst.assertUntouchedOutside("destination");
        }

        private List<byte[]> corruptionBases() {
            List<byte[]> bases = new ArrayList<>(KitData.samplePages(1, 997));
            bases.add(KitData.text(PAGE));
            bases.add(KitData.text(300));
            bases.add(KitData.text(1));
            bases.add(KitData.filled(PAGE, 0));
            bases.add(KitData.random(11, PAGE));
            return bases;
        }
    }

    @Nested
    class RequestContract {
        @Test
        void kernelDataPassesThroughUntouched() throws InterruptedException {
            Object kernelData = new Object();
            try (AcompRequest request = acomp.newRequest()) {
                for (Operation op : Operation.values()) {
                    byte[] input = op == Operation.COMPRESS ? KitData.text(PAGE) : compressed(request, KitData.text(PAGE));
                    Completion completion = new Completion();
                    request.operation(op).buffers(source(input), ByteBuffer.allocateDirect(2 * PAGE))
                            .kernelData(kernelData).callback(completion);
                    acomp.submit(request);
                    completion.assertCalledOnce();
                    assertEquals(Status.OK, request.status());
                    assertSame(kernelData, completion.kernelData(), "kernelData seen by the callback");
                    assertSame(kernelData, request.kernelData(), "kernelData after completion");
                }
            }
        }

        @Test
        void callbackRunsExactlyOnceWhateverTheOutcome() throws InterruptedException {
            byte[] data = KitData.text(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                byte[] packed = compressed(request, data);
                ByteBuffer[][] units = {
                    {source(data), ByteBuffer.allocateDirect(acomp.maxCompressedLength(PAGE))},
                    {source(data), ByteBuffer.allocateDirect(1)},
                    {source(packed), ByteBuffer.allocateDirect(PAGE)},
                    {source(KitData.random(1, 100)), ByteBuffer.allocateDirect(PAGE)},
                };
                Operation[] ops = {Operation.COMPRESS, Operation.COMPRESS, Operation.DECOMPRESS, Operation.DECOMPRESS};
                for (int i = 0; i < ops.length; i++) {
                    Completion completion = new Completion();
                    request.operation(ops[i]).buffers(units[i][0], units[i][1]).callback(completion);
                    acomp.submit(request);
                    completion.assertCalledOnce();
                }
            }
        }

        @Test
        void throwingCallbackGoesToTheHandlerAndTheTransformKeepsWorking() throws InterruptedException {
            AtomicReference<Throwable> handled = new AtomicReference<>();
            AtomicReference<AcompRequest> handledRequest = new AtomicReference<>();
            CountDownLatch handlerCalled = new CountDownLatch(1);
            CallbackFailureHandler handler = (request, failure) -> {
                handledRequest.set(request);
                handled.set(failure);
                handlerCalled.countDown();
            };
            RuntimeException thrown = new IllegalStateException("callback failure for the conformance kit");
            try (Acomp transform = registry().allocate(driverName(), withHandler(options(), handler));
                    AcompRequest request = transform.newRequest()) {
                request.operation(Operation.COMPRESS)
                        .buffers(source(KitData.text(PAGE)), ByteBuffer.allocateDirect(2 * PAGE))
                        .callback(r -> {
                            throw thrown;
                        });
                transform.submit(request);
                assertTrue(handlerCalled.await(60, TimeUnit.SECONDS), "handler not called");
                assertSame(thrown, handled.get());
                assertSame(request, handledRequest.get());
                assertEquals(Status.OK, request.status());
                UnitBuffers buffers = new UnitBuffers(transform, UnitBuffers.LAYOUTS.get(0), PAGE);
                buffers.roundTrip(request, KitData.text(PAGE), "same request after a throwing callback");
                try (AcompRequest another = transform.newRequest()) {
                    buffers.roundTrip(another, KitData.random(2, PAGE), "new request after a throwing callback");
                }
            }
        }

        @Test
        void requestHoldsItsSetUpAndIsReusedForBothOperations() {
            List<UnitBuffers> layouts = everyLayout(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                for (int i = 0; i < 200; i++) {
                    byte[] data = i % 2 == 0 ? KitData.text(1 + i * 17) : KitData.random(i, 1 + i * 17);
                    layouts.get(i % layouts.size()).roundTrip(request, data, "reuse " + i);
                }
                assertEquals(1, request.units());
                assertSame(acomp, request.transform());
            }
        }
    }

    @Nested
    class Batching {
        @Test
        void fullBatchRoundTripsWithAResultPerUnit() throws InterruptedException {
            int n = acomp.maxBatchSize();
            List<byte[]> pages = KitData.samplePages(13, 113).subList(0, n);
            GuardedBuffer[] originals = new GuardedBuffer[n];
            GuardedBuffer[] packed = new GuardedBuffer[n];
            GuardedBuffer[] restored = new GuardedBuffer[n];
            try (AcompRequest request = acomp.newRequest()) {
                assertTrue(request.capacity() >= n, "request capacity " + request.capacity() + " below " + n);
                request.operation(Operation.COMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    UnitBuffers.Layout layout = UnitBuffers.LAYOUTS.get(i % UnitBuffers.LAYOUTS.size());
                    originals[i] = new GuardedBuffer(layout.source(), layout.offset(), PAGE);
                    packed[i] = new GuardedBuffer(layout.destination(), layout.offset(), acomp.maxCompressedLength(PAGE));
                    restored[i] = new GuardedBuffer(layout.source(), layout.offset(), PAGE);
                    request.unit(i, originals[i].source(pages.get(i)),
                            packed[i].destination(acomp.maxCompressedLength(pages.get(i).length)));
                }
                submitAndAwait(request);
                byte[][] compressedUnits = new byte[n][];
                for (int i = 0; i < n; i++) {
                    assertEquals(Status.OK, request.status(i), "compress unit " + i);
                    packed[i].assertUntouchedOutside("compress unit " + i);
                    compressedUnits[i] = packed[i].bytes(request.producedLength(i));
                }
                request.operation(Operation.DECOMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    request.unit(i, packed[i].source(compressedUnits[i]), restored[i].destination(pages.get(i).length));
                }
                submitAndAwait(request);
                for (int i = 0; i < n; i++) {
                    assertEquals(Status.OK, request.status(i), "decompress unit " + i);
                    assertEquals(pages.get(i).length, request.producedLength(i), "decompress unit " + i);
                    restored[i].assertUntouchedOutside("decompress unit " + i);
                    assertArrayEquals(pages.get(i), restored[i].bytes(pages.get(i).length), "unit " + i);
                }
            }
        }

        @Test
        void moreUnitsThanTheMaximumAreRejected() {
            int n = acomp.maxBatchSize();
            try (AcompRequest request = acomp.newRequest()) {
                ByteBuffer src = source(KitData.text(PAGE));
                ByteBuffer dst = ByteBuffer.allocateDirect(2 * PAGE);
                assertThrows(IllegalArgumentException.class, () -> request.units(n + 1));
                assertThrows(IllegalArgumentException.class, () -> request.unit(n, src, dst));
                assertEquals(PAGE, request.decompress(dst.limit(request.compress(src, dst)),
                        ByteBuffer.allocateDirect(PAGE)), "request still usable");
            }
        }

        @Test
        void unitsOfABatchFailIndependently() throws InterruptedException {
            int n = acomp.maxBatchSize();
            assumeTrue(n >= 2, "the driver does not batch");
            byte[] data = KitData.text(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                request.operation(Operation.COMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    int room = i == 1 ? 1 : acomp.maxCompressedLength(PAGE);
                    request.unit(i, source(data), ByteBuffer.allocateDirect(room));
                }
                submitAndAwait(request);
                for (int i = 0; i < n; i++) {
                    assertEquals(i == 1 ? Status.DESTINATION_TOO_SMALL : Status.OK, request.status(i), "unit " + i);
                }
                assertEquals(Status.DESTINATION_TOO_SMALL, request.status());
            }
        }
    }

    @Nested
    class Concurrency {
        @Test
        void eightThreadsEachWithItsOwnRequest() throws Exception {
            List<byte[]> pages = KitData.samplePages(0, 3);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            AtomicInteger verified = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        UnitBuffers buffers = new UnitBuffers(acomp, UnitBuffers.LAYOUTS.get(thread % 4), PAGE);
                        try (AcompRequest request = acomp.newRequest()) {
                            start.await();
                            for (int i = thread; i < pages.size(); i += THREADS) {
                                buffers.roundTrip(request, pages.get(i), "thread " + thread + ", page " + i);
                                verified.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(pages.size(), verified.get());
        }
    }

    @Nested
    class Closing {
        @Test
        void newRequestAfterCloseThrows() {
            acomp.close();
            assertTrue(acomp.isClosed());
            assertThrows(AcompClosedException.class, acomp::newRequest);
        }

        /**
         * The transform may complete the request with {@link Status#CLOSED} or, having released the
         * request's state on close, refuse it with {@link AcompClosedException}; either way no output is
         * produced.
         */
        @Test
        void submitAfterCloseIsRejected() throws InterruptedException {
            AcompRequest request = acomp.newRequest();
            byte[] data = KitData.text(PAGE);
            compressed(request, data);
            acomp.close();
            GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, 2 * PAGE);
            Completion completion = new Completion();
            request.operation(Operation.COMPRESS).buffers(source(data), dst.destination(2 * PAGE)).callback(completion);
            try {
                acomp.submit(request);
                completion.assertCalledOnce();
                assertEquals(Status.CLOSED, request.status(0));
                assertInstanceOf(AcompClosedException.class, request.failure(0));
            } catch (AcompClosedException refused) {
                assertEquals(0, completion.calls(), "a refused submission must not complete");
            }
            dst.assertUnwritten("destination after close");
            request.close();
        }

        @Test
        void closeIsIdempotentAndClosesRequests() {
            AcompRequest request = acomp.newRequest();
            acomp.close();
            acomp.close();
            assertTrue(acomp.isClosed());
            request.close();
            assertTrue(request.isClosed());
        }
    }

    /** Raw DEFLATE (RFC 1951) must interoperate with zlib, here java.util.zip's. */
    @Nested
    class DeflateInterop {
        @BeforeEach
        void onlyForDeflate() {
            assumeTrue("deflate".equals(acomp.algorithm()), "not a deflate driver");
        }

        @Test
        void outputInflatesWithJdkRawInflater() throws DataFormatException {
            Inflater inflater = new Inflater(true);
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] page : KitData.samplePages(0, 5)) {
                    byte[] packed = compressed(request, page);
                    inflater.reset();
                    inflater.setInput(packed);
                    byte[] out = new byte[page.length];
                    int n = inflater.inflate(out);
                    assertTrue(inflater.finished(), "zlib did not reach the end of the stream");
                    assertEquals(0, inflater.getRemaining(), "bytes after the end of the stream");
                    assertEquals(page.length, n);
                    assertArrayEquals(page, out);
                }
            } finally {
                inflater.end();
            }
        }

        @Test
        void jdkRawDeflaterOutputDecodesThroughTheDriver() {
            int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
            List<byte[]> pages = KitData.samplePages(2, 97);
            byte[] out = new byte[2 * PAGE];
            try (AcompRequest request = acomp.newRequest()) {
                for (int level = 0; level <= 9; level++) {
                    for (int strategy : strategies) {
                        Deflater deflater = new Deflater(level, true);
                        deflater.setStrategy(strategy);
                        try {
                            for (byte[] page : pages) {
                                deflater.reset();
                                deflater.setInput(page);
                                deflater.finish();
                                int n = 0;
                                while (!deflater.finished()) {
                                    n += deflater.deflate(out, n, out.length - n);
                                }
                                byte[] packed = java.util.Arrays.copyOf(out, n);
                                assertArrayEquals(page, decompressed(request, packed, page.length),
                                        "level " + level + ", strategy " + strategy);
                            }
                        } finally {
                            deflater.end();
                        }
                    }
                }
            }
        }
    }

    // ---- helpers ----

    private List<UnitBuffers> everyLayout(int maxLength) {
        List<UnitBuffers> out = new ArrayList<>();
        for (UnitBuffers.Layout layout : UnitBuffers.LAYOUTS) {
            out.add(new UnitBuffers(acomp, layout, maxLength));
        }
        return out;
    }

    /** {@code data} compressed through the driver, from and to direct buffers. */
    private byte[] compressed(AcompRequest request, byte[] data) {
        ByteBuffer dst = ByteBuffer.allocateDirect(request.transform().maxCompressedLength(data.length));
        int n = request.compress(source(data), dst);
        byte[] out = new byte[n];
        dst.get(0, out);
        return out;
    }

    /** {@code packed} decompressed through the driver into exactly {@code length} bytes. */
    private static byte[] decompressed(AcompRequest request, byte[] packed, int length) {
        ByteBuffer dst = ByteBuffer.allocateDirect(length);
        assertEquals(length, request.decompress(source(packed), dst));
        byte[] out = new byte[length];
        dst.get(0, out);
        return out;
    }

    private static ByteBuffer source(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(0, data);
    }

    private void submitAndAwait(AcompRequest request) throws InterruptedException {
        Completion completion = new Completion();
        request.callback(completion);
        acomp.submit(request);
        completion.assertCalledOnce();
    }

    private static AcompOptions withHandler(AcompOptions options, CallbackFailureHandler handler) {
        AcompOptions.Builder b = AcompOptions.builder().callbackFailureHandler(handler);
        options.level().ifPresent(b::level);
        options.maxBatchSize().ifPresent(b::maxBatchSize);
        options.properties().forEach(b::property);
        return b.build();
    }
}
