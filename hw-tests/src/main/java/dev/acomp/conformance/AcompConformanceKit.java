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
import dev.acomp.api.AcompFlags;
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
import com.github.luben.zstd.Zstd;
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
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
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
 * Every test works through the acomp API only, on a fresh transform of the driver, and every buffer a
 * driver writes has guard bytes around it. The test data (the Calgary and Canterbury corpora and a memory
 * image) travels inside this jar. For lz4, zstd and deflate drivers the output is cross-checked against the
 * format's reference implementation. A run takes seconds for a software codec.
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
                        assertEquals(Status.DESTINATION_TOO_SMALL, request.failure(0).status());
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
                assertEquals(Status.DESTINATION_TOO_SMALL, request.failure().status());
                assertEquals(Status.DESTINATION_TOO_SMALL, request.failure(0).status());
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
                assertEquals(e.status(), request.failure(0).status());
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
                    GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, 2 * PAGE);
                    request.operation(op).buffers(source(input), dst.destination(2 * PAGE))
                            .kernelData(kernelData).callback(completion);
                    acomp.submit(request);
                    completion.assertCalledOnce();
                    request.callback(null);
                    assertNull(request.failure());
                    dst.assertUntouchedOutside(op + " destination");
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
                byte[] garbage = KitData.random(1, 100);
                int bound = acomp.maxCompressedLength(PAGE);

                GuardedBuffer roomy = new GuardedBuffer(BufferKind.DIRECT, 0, bound);
                Completion ok = submitOnce(request, Operation.COMPRESS, data, roomy.destination(bound));
                assertNull(ok.failure(), "compress into maxCompressedLength");
                assertTrue(ok.produced() > 0 && ok.produced() <= bound, "compressed length " + ok.produced());
                roomy.assertUntouchedOutside("compress destination");

                GuardedBuffer tiny = new GuardedBuffer(BufferKind.DIRECT, 0, 1);
                Completion small = submitOnce(request, Operation.COMPRESS, data, tiny.destination(1));
                assertInstanceOf(DestinationTooSmallException.class, small.failure(), "compress into 1 byte");
                assertEquals(0, small.produced());
                tiny.assertUntouchedOutside("one-byte destination");

                GuardedBuffer page = new GuardedBuffer(BufferKind.DIRECT, 0, PAGE);
                Completion back = submitOnce(request, Operation.DECOMPRESS, packed, page.destination(PAGE));
                assertNull(back.failure(), "decompress a valid stream");
                assertEquals(PAGE, back.produced());
                assertArrayEquals(data, page.bytes(PAGE));

                GuardedBuffer junk = new GuardedBuffer(BufferKind.DIRECT, 0, PAGE);
                Completion bad = submitOnce(request, Operation.DECOMPRESS, garbage, junk.destination(PAGE));
                if (bad.failure() != null) {
                    assertTrue(bad.failure() instanceof CorruptInputException
                            || bad.failure() instanceof DestinationTooSmallException, () -> "random bytes: " + bad.failure());
                    assertEquals(0, bad.produced());
                } else {
                    assertTrue(bad.produced() <= PAGE, "decoded " + bad.produced() + " bytes of random input");
                }
                junk.assertUntouchedOutside("decompress destination of random input");
            }
        }

        private Completion submitOnce(AcompRequest request, Operation op, byte[] input, ByteBuffer dst)
                throws InterruptedException {
            Completion completion = new Completion();
            request.operation(op).buffers(source(input), dst).callback(completion);
            acomp.submit(request);
            completion.assertCalledOnce();
            request.callback(null);
            return completion;
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
                GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, 2 * PAGE);
                request.operation(Operation.COMPRESS)
                        .buffers(source(KitData.text(PAGE)), dst.destination(2 * PAGE))
                        .callback(r -> {
                            throw thrown;
                        });
                transform.submit(request);
                assertTrue(handlerCalled.await(60, TimeUnit.SECONDS), "handler not called");
                request.callback(null);
                dst.assertUntouchedOutside("destination");
                assertSame(thrown, handled.get());
                assertSame(request, handledRequest.get());
                assertNull(request.failure());
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
                    assertNull(request.failure(i), "compress unit " + i);
                    packed[i].assertUntouchedOutside("compress unit " + i);
                    compressedUnits[i] = packed[i].bytes(request.producedLength(i));
                }
                request.operation(Operation.DECOMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    request.unit(i, packed[i].source(compressedUnits[i]), restored[i].destination(pages.get(i).length));
                }
                submitAndAwait(request);
                for (int i = 0; i < n; i++) {
                    assertNull(request.failure(i), "decompress unit " + i);
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
                assertArrayEquals(KitData.text(PAGE), decompressed(request, compressed(request, KitData.text(PAGE)), PAGE),
                        "request still usable");
            }
        }

        @Test
        void unitsOfABatchFailIndependently() throws InterruptedException {
            int n = acomp.maxBatchSize();
            assumeTrue(n >= 2, "the driver does not batch");
            byte[] data = KitData.text(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                request.operation(Operation.COMPRESS).units(n);
                GuardedBuffer[] destinations = new GuardedBuffer[n];
                for (int i = 0; i < n; i++) {
                    int room = i == 1 ? 1 : acomp.maxCompressedLength(PAGE);
                    destinations[i] = new GuardedBuffer(BufferKind.DIRECT, 0, room);
                    request.unit(i, source(data), destinations[i].destination(room));
                }
                submitAndAwait(request);
                for (int i = 0; i < n; i++) {
                    if (i == 1) {
                        assertInstanceOf(DestinationTooSmallException.class, request.failure(i), "unit 1");
                    } else {
                        assertNull(request.failure(i), "unit " + i);
                        assertTrue(request.producedLength(i) > 0, "unit " + i);
                    }
                    destinations[i].assertUntouchedOutside("unit " + i);
                }
                assertEquals(Status.DESTINATION_TOO_SMALL, request.failure().status());
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

        @Test
        void submitAfterCloseIsRefusedAndCompletesNothing() {
            AcompRequest request = acomp.newRequest();
            byte[] data = KitData.text(PAGE);
            compressed(request, data);
            acomp.close();
            GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, 2 * PAGE);
            Completion completion = new Completion();
            request.operation(Operation.COMPRESS).buffers(source(data), dst.destination(2 * PAGE)).callback(completion);
            assertThrows(AcompClosedException.class, () -> acomp.submit(request));
            assertEquals(0, completion.calls(), "a refused submission must not complete");
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

    @Nested
    class Flags {
        @Test
        void aNewRequestMaySleepAndBacklog() {
            try (AcompRequest request = acomp.newRequest()) {
                assertEquals(AcompFlags.MAY_SLEEP | AcompFlags.MAY_BACKLOG, request.flags());
            }
        }

        /** Without MAY_BACKLOG a driver may fail a unit as busy, and only as busy; with it, never. */
        @Test
        void everyCombinationOfFlagsRoundTripsOrIsBusyWithoutBacklog() {
            List<UnitBuffers> layouts = everyLayout(PAGE);
            try (AcompRequest request = acomp.newRequest()) {
                for (int flags = 0; flags <= AcompFlags.ALL; flags++) {
                    request.flags(flags);
                    for (int i = 0; i < 16; i++) {
                        byte[] page = KitData.samplePages(i, 211).get(0);
                        try {
                            layouts.get(i % layouts.size()).roundTrip(request, page, "flags " + flags + ", page " + i);
                        } catch (RequestFailedException.BackendBusyException busy) {
                            assertEquals(0, flags & AcompFlags.MAY_BACKLOG, () -> "busy although it may backlog: " + busy);
                        }
                    }
                }
            }
        }

        @Test
        void unknownFlagBitsAreRefusedAtSetUp() {
            try (AcompRequest request = acomp.newRequest()) {
                assertThrows(IllegalArgumentException.class, () -> request.flags(AcompFlags.ALL + 1));
                assertThrows(IllegalArgumentException.class, () -> request.flags(1 << 31));
                assertEquals(AcompFlags.ALL, request.flags());
            }
        }
    }

    /** LZ4 block format: lz4-java's safe decompressor and compressors are the reference here. */
    @Nested
    class Lz4Interop {
        @BeforeEach
        void onlyForLz4() {
            assumeTrue("lz4".equals(acomp.algorithm()), "not an lz4 driver");
        }

        @Test
        void outputDecodesWithTheReferenceSafeDecompressor() {
            LZ4SafeDecompressor reference = LZ4Factory.safeInstance().safeDecompressor();
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] page : KitData.samplePages(0, 5)) {
                    byte[] packed = compressed(request, page);
                    byte[] out = new byte[page.length];
                    assertEquals(page.length, reference.decompress(packed, 0, packed.length, out, 0));
                    assertArrayEquals(page, out);
                }
            }
        }

        @Test
        void referenceBlocksDecodeThroughTheDriver() {
            LZ4Factory factory = LZ4Factory.safeInstance();
            List<LZ4Compressor> compressors = List.of(factory.fastCompressor(), factory.highCompressor(),
                    factory.highCompressor(17));
            try (AcompRequest request = acomp.newRequest()) {
                for (LZ4Compressor compressor : compressors) {
                    for (byte[] page : KitData.samplePages(2, 97)) {
                        assertArrayEquals(page, decompressed(request, compressor.compress(page), page.length), compressor.toString());
                    }
                }
            }
        }
    }

    /** Zstandard frames (RFC 8878): libzstd through zstd-jni is the reference here. */
    @Nested
    class ZstdInterop {
        @BeforeEach
        void onlyForZstd() {
            assumeTrue("zstd".equals(acomp.algorithm()), "not a zstd driver");
        }

        @Test
        void outputIsAFrameTheReferenceDecodes() {
            try (AcompRequest request = acomp.newRequest()) {
                for (byte[] page : KitData.samplePages(0, 5)) {
                    byte[] packed = compressed(request, page);
                    assertArrayEquals(page, Zstd.decompress(packed, page.length));
                }
            }
        }

        @Test
        void referenceFramesAtEveryLevelDecodeThroughTheDriver() {
            List<byte[]> pages = KitData.samplePages(2, 389);
            try (AcompRequest request = acomp.newRequest()) {
                for (int level = -5; level <= 19; level += 3) {
                    for (byte[] page : pages) {
                        assertArrayEquals(page, decompressed(request, Zstd.compress(page, level), page.length), "level " + level);
                    }
                }
            }
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

    /** {@code data} compressed through the driver into a guarded direct buffer of the driver's bound. */
    private static byte[] compressed(AcompRequest request, byte[] data) {
        int bound = request.transform().maxCompressedLength(data.length);
        GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, bound);
        int n = request.compress(source(data), dst.destination(bound));
        dst.assertUntouchedOutside("compress destination");
        assertTrue(n > 0 && n <= bound, "compressed length " + n + " outside 1.." + bound);
        return dst.bytes(n);
    }

    /** {@code packed} decompressed through the driver into a guarded buffer of exactly {@code length} bytes. */
    private static byte[] decompressed(AcompRequest request, byte[] packed, int length) {
        GuardedBuffer dst = new GuardedBuffer(BufferKind.DIRECT, 0, length);
        assertEquals(length, request.decompress(source(packed), dst.destination(length)));
        dst.assertUntouchedOutside("decompress destination");
        return dst.bytes(length);
    }

    private static ByteBuffer source(byte[] data) {
        return ByteBuffer.allocateDirect(data.length).put(0, data);
    }

    private void submitAndAwait(AcompRequest request) throws InterruptedException {
        Completion completion = new Completion();
        request.callback(completion);
        acomp.submit(request);
        completion.assertCalledOnce();
        request.callback(null);
    }

    private static AcompOptions withHandler(AcompOptions options, CallbackFailureHandler handler) {
        AcompOptions.Builder b = AcompOptions.builder().callbackFailureHandler(handler);
        options.level().ifPresent(b::level);
        options.maxBatchSize().ifPresent(b::maxBatchSize);
        options.properties().forEach(b::property);
        return b.build();
    }
}
