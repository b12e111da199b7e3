package dev.acomp.conformance.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pages compressed by one deflate driver decompress on another: the QPL drivers (on the simulator) and deflate-generic. */
class DeflateQplGenericInteropTest {
    private static final int PAGE = SharedData.PAGE_SIZE;

    @ParameterizedTest
    @CsvSource({"deflate-iaa,deflate-generic", "deflate-generic,deflate-iaa", "deflate-qpl,deflate-generic",
            "deflate-generic,deflate-qpl", "deflate-iaa,deflate-qpl"})
    void corpusPagesCompressedByOneDriverDecompressOnTheOther(String compressor, String decompressor) {
        AcompRegistry registry = AcompRegistry.load();
        List<byte[]> pages = SharedData.allPages(PAGE, false);
        try (Acomp c = registry.allocate(compressor); Acomp d = registry.allocate(decompressor);
                AcompRequest compress = c.newRequest(); AcompRequest decompress = d.newRequest()) {
            ByteBuffer src = ByteBuffer.allocateDirect(PAGE);
            ByteBuffer packed = ByteBuffer.allocateDirect(Math.max(c.maxCompressedLength(PAGE), d.maxCompressedLength(PAGE)));
            ByteBuffer restored = ByteBuffer.allocateDirect(PAGE);
            byte[] back = new byte[PAGE];
            // Every 5th page keeps the run short; the corpus and the memory image are both sampled.
            for (int p = 0; p < pages.size(); p += 5) {
                byte[] page = pages.get(p);
                int n = compress.compress(src.clear().put(page).flip(), packed.clear());
                assertEquals(page.length, decompress.decompress(packed.limit(n), restored.clear()), "page " + p);
                restored.get(0, back, 0, page.length);
                assertArrayEquals(page, java.util.Arrays.copyOf(back, page.length), "page " + p);
            }
        }
    }
}
