package dev.acomp.conformance.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.Status;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** On a real IAA: every corpus and memory page round-trips on deflate-iaa in batches of 8, checked with zlib. */
@Tag("iaa-hardware")
class DeflateIaaHardwareTest {
    private static final int PAGE = SharedData.PAGE_SIZE;
    private static final int BATCH = 8;
    private static List<byte[]> pages;

    // Per test, not @BeforeAll: surefire reports a skipped test with its reason, a skipped class not at all.
    @BeforeEach
    void requireIaa() {
        IaaHardware.assumePresent();
        if (pages == null) {
            pages = SharedData.allPages(PAGE, false);
        }
    }

    private static Acomp allocate(String completion) {
        return AcompRegistry.load().allocate("deflate-iaa",
                AcompOptions.builder().property("qpl.completion", completion).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"poll", "poller"})
    void everyPageRoundTripsInBatchesOfEightAndInflatesWithZlib(String completion) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try (Acomp acomp = allocate(completion); AcompRequest request = acomp.newRequest()) {
            assertEquals(BATCH, acomp.maxBatchSize());
            ByteBuffer[] src = buffers(PAGE);
            ByteBuffer[] packed = buffers(acomp.maxCompressedLength(PAGE));
            ByteBuffer[] restored = buffers(PAGE);
            byte[] out = new byte[PAGE];
            for (int first = 0; first < pages.size(); first += BATCH) {
                int n = Math.min(BATCH, pages.size() - first);
                request.operation(Operation.COMPRESS).units(n);
                for (int i = 0; i < n; i++) {
                    request.unit(i, src[i].clear().put(pages.get(first + i)).flip(), packed[i].clear());
                }
                request.execute().throwIfFailed();
                request.operation(Operation.DECOMPRESS);
                for (int i = 0; i < n; i++) {
                    byte[] page = pages.get(first + i);
                    packed[i].limit(request.producedLength(i));
                    inflater.reset();
                    inflater.setInput(packed[i].duplicate());
                    assertEquals(page.length, inflater.inflate(out), "page " + (first + i));
                    assertTrue(inflater.finished(), "page " + (first + i));
                    assertArrayEquals(page, Arrays.copyOf(out, page.length), "page " + (first + i));
                    request.unit(i, packed[i], restored[i].clear());
                }
                request.execute().throwIfFailed();
                for (int i = 0; i < n; i++) {
                    byte[] page = pages.get(first + i);
                    assertNull(request.failure(i));
                    byte[] back = new byte[page.length];
                    restored[i].get(0, back);
                    assertArrayEquals(page, back, "page " + (first + i));
                }
            }
        } finally {
            inflater.end();
        }
    }

    private static ByteBuffer[] buffers(int size) {
        ByteBuffer[] b = new ByteBuffer[BATCH];
        for (int i = 0; i < BATCH; i++) {
            b[i] = ByteBuffer.allocateDirect(size);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9})
    void zlibRawDeflateDecompressesOnTheDevice(int level) {
        Deflater deflater = new Deflater(level, true);
        byte[] stream = new byte[2 * PAGE];
        try (Acomp acomp = allocate("poll"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer dst = ByteBuffer.allocateDirect(PAGE);
            for (int p = 0; p < pages.size(); p += 13) {
                byte[] page = pages.get(p);
                deflater.reset();
                deflater.setInput(page);
                deflater.finish();
                int n = deflater.deflate(stream);
                ByteBuffer src = ByteBuffer.allocateDirect(n).put(stream, 0, n).flip();
                assertEquals(page.length, request.decompress(src, dst.clear()), "page " + p);
                byte[] back = new byte[page.length];
                dst.get(0, back);
                assertArrayEquals(page, back, "page " + p);
            }
        } finally {
            deflater.end();
        }
    }
}
