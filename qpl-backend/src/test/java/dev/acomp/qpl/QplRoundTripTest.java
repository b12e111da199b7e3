package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Corpus pages round-trip through deflate-iaa and deflate-qpl on the simulator, checked against the JDK. */
class QplRoundTripTest {
    private static final int BATCH = 8;
    private static List<byte[]> pages;

    @BeforeAll
    static void loadCorpus() {
        QplSimulator.reset();
        pages = SharedData.corpusPages(SharedData.PAGE_SIZE, false);
    }

    private static Acomp allocate(String driver, String completion) {
        AcompRegistry registry = AcompRegistry.of(new QplProvider().drivers());
        return registry.allocate(driver, AcompOptions.builder().property("qpl.completion", completion).build());
    }

    @ParameterizedTest
    @CsvSource({"deflate-iaa,poll", "deflate-iaa,poller", "deflate-qpl,poll"})
    void corpusPagesRoundTripInBatchesOfEightAndInflateWithTheJdk(String driver, String completion) {
        try (Acomp acomp = allocate(driver, completion); AcompRequest request = acomp.newRequest()) {
            assertEquals(BATCH, acomp.maxBatchSize());
            ByteBuffer[] src = new ByteBuffer[BATCH];
            ByteBuffer[] compressed = new ByteBuffer[BATCH];
            ByteBuffer[] restored = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) {
                src[i] = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
                compressed[i] = ByteBuffer.allocateDirect(acomp.maxCompressedLength(SharedData.PAGE_SIZE));
                restored[i] = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
            }
            for (int first = 0; first < pages.size(); first += BATCH) {
                int n = Math.min(BATCH, pages.size() - first);
                request.operation(Operation.COMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    src[i].clear().put(pages.get(first + i)).flip();
                    compressed[i].clear();
                    request.unit(i, src[i], compressed[i]);
                }
                request.execute().throwIfFailed();
                request.operation(Operation.DECOMPRESS);
                for (int i = 0; i < n; i++) {
                    byte[] page = pages.get(first + i);
                    assertEquals(0, compressed[i].position(), "positions are left alone");
                    compressed[i].limit(request.producedLength(i));
                    assertArrayEquals(page, JdkDeflate.inflate(compressed[i], page.length), "page " + (first + i));
                    restored[i].clear();
                    request.unit(i, compressed[i], restored[i]);
                }
                request.execute().throwIfFailed();
                for (int i = 0; i < n; i++) {
                    byte[] page = pages.get(first + i);
                    assertEquals(page.length, request.producedLength(i));
                    byte[] back = new byte[page.length];
                    restored[i].get(0, back);
                    assertArrayEquals(page, back, "page " + (first + i));
                }
            }
            assertEquals(0, acomp.statistics().get("software_fallbacks"));
            assertEquals(0, acomp.statistics().get("units_failed"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate-iaa", "deflate-qpl"})
    void jdkDeflaterOutputDecompressesOnTheDriver(String driver) {
        try (Acomp acomp = allocate(driver, "poll"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer dst = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
            for (int p = 0; p < pages.size(); p += 7) {
                byte[] page = pages.get(p);
                byte[] stream = JdkDeflate.deflate(page);
                ByteBuffer src = ByteBuffer.allocateDirect(stream.length).put(stream).flip();
                dst.clear();
                assertEquals(page.length, request.decompress(src, dst), "page " + p);
                byte[] back = new byte[page.length];
                dst.get(0, back);
                assertArrayEquals(page, back, "page " + p);
            }
        }
    }

    @Test
    void heapBuffersAtOffsetsRoundTripAndLeaveNeighbouringBytesAlone() {
        try (Acomp acomp = allocate("deflate-iaa", "poll"); AcompRequest request = acomp.newRequest()) {
            byte[] page = pages.get(pages.size() / 2);
            ByteBuffer src = ByteBuffer.allocate(page.length + 20);
            src.position(10);
            src.put(page).flip().position(10);
            byte[] dstArray = new byte[acomp.maxCompressedLength(page.length) + 40];
            ByteBuffer dst = ByteBuffer.wrap(dstArray, 17, dstArray.length - 40);
            int n = request.compress(src, dst);
            assertEquals(10, src.position());
            assertEquals(17, dst.position());
            for (int i = 0; i < 17; i++) {
                assertEquals(0, dstArray[i], "byte before the destination");
            }
            for (int i = 17 + n; i < dstArray.length; i++) {
                assertEquals(0, dstArray[i], "byte after the output");
            }
            ByteBuffer stream = ByteBuffer.wrap(dstArray, 17, n).slice();
            assertArrayEquals(page, JdkDeflate.inflate(stream, page.length));
            ByteBuffer restored = ByteBuffer.allocate(page.length);
            assertEquals(page.length, request.decompress(stream, restored));
            assertArrayEquals(page, restored.array());
        }
    }

    @Test
    void compressedPagesAreSmallerThanThePagesForText() {
        try (Acomp acomp = allocate("deflate-iaa", "poll"); AcompRequest request = acomp.newRequest()) {
            byte[] text = pages.get(0);
            ByteBuffer dst = ByteBuffer.allocateDirect(acomp.maxCompressedLength(text.length));
            int n = request.compress(ByteBuffer.allocateDirect(text.length).put(text).flip(), dst);
            assertTrue(n < text.length / 2, "text page compressed to " + n + " bytes");
        }
    }

    /** Intel's software path needs 7 bytes of room beyond a Huffman stream: the driver stages what is smaller. */
    @ParameterizedTest
    @ValueSource(strings = {"deflate-iaa", "deflate-qpl"})
    void everyPageCompressesIntoExactlyItsStreamLength(String driver) {
        try (Acomp acomp = allocate(driver, "poll"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer wide = ByteBuffer.allocateDirect(2 * SharedData.PAGE_SIZE);
            for (int p = 0; p < pages.size(); p += 5) {
                byte[] page = pages.get(p);
                int n = request.compress(ByteBuffer.wrap(page), wide.clear());
                byte[] stream = new byte[n];
                wide.get(0, stream);
                for (ByteBuffer exact : new ByteBuffer[] {ByteBuffer.allocateDirect(n), ByteBuffer.allocate(n)}) {
                    assertEquals(n, request.compress(ByteBuffer.wrap(page), exact), "page " + p);
                    byte[] again = new byte[n];
                    exact.get(0, again);
                    assertArrayEquals(stream, again, "page " + p);
                }
            }
            assertEquals(0, acomp.statistics().get("units_failed"));
        }
    }

    /** QPL refuses an empty job (SIZE_ERR); the empty stream is the driver's own. */
    @ParameterizedTest
    @ValueSource(strings = {"deflate-iaa", "deflate-qpl"})
    void anEmptyUnitRoundTrips(String driver) {
        try (Acomp acomp = allocate(driver, "poll"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer stream = ByteBuffer.allocate(acomp.maxCompressedLength(0));
            int n = request.compress(ByteBuffer.allocate(0), stream);
            assertArrayEquals(new byte[0], JdkDeflate.inflate(stream.duplicate().limit(n), 0));
            assertEquals(0, request.decompress(stream.limit(n), ByteBuffer.allocateDirect(16)));
            assertThrows(RequestFailedException.DestinationTooSmallException.class,
                    () -> request.compress(ByteBuffer.allocate(0), ByteBuffer.allocate(1)));
        }
    }
}
