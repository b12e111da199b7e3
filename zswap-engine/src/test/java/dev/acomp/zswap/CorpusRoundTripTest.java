package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_INCOMPRESSIBLE_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import dev.acomp.zswap.testing.TestPages;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every page of the corpus and the memory image through store and load, with each software driver. */
class CorpusRoundTripTest {
    private static final int FOLIO = 8;
    private static List<byte[]> pages;

    @BeforeAll
    static void readPages() {
        pages = SharedData.allPages(TestPages.PAGE, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4-generic", "zstd-generic", "deflate-generic"})
    void everyPageLoadsBackByteForByte(String driver) {
        ZswapConfig config = ZswapConfig.builder().compressor(driver).memoryBudgetBytes(1L << 30).contexts(2).build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] firsts = new long[(pages.size() + FOLIO - 1) / FOLIO];
            for (int f = 0; f < firsts.length; f++) {
                int from = f * FOLIO;
                int n = Math.min(FOLIO, pages.size() - from);
                firsts[f] = engine.allocateEntries(n);
                assertTrue(engine.store(firsts[f], TestPages.folio(pages.subList(from, from + n)), n));
            }
            ZswapStats stats = engine.stats();
            assertEquals(pages.size(), stats.get(STORED_PAGES));
            assertEquals(driver, stats.compressor());
            assertTrue(stats.get(COMPRESSED_BYTES) < (long) pages.size() * TestPages.PAGE * 3 / 4,
                    "the corpus compresses: " + stats);

            ByteBuffer page = ByteBuffer.allocateDirect(TestPages.PAGE);
            for (int p = 0; p < pages.size(); p++) {
                engine.load(firsts[p / FOLIO] + p % FOLIO, page);
                assertArrayEquals(pages.get(p), TestPages.bytes(page), driver + ": page " + p);
            }
            for (int f = 0; f < firsts.length; f++) {
                engine.freeEntries(firsts[f], Math.min(FOLIO, pages.size() - f * FOLIO));
            }
            stats = engine.stats();
            assertEquals(0, stats.get(STORED_PAGES));
            assertEquals(0, stats.get(POOL_TOTAL_SIZE));
            assertEquals(0, stats.get(COMPRESSED_BYTES));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4-generic", "zstd-generic", "deflate-generic"})
    void memoryImageTakesAtMostFourPercentOverItsCompressedBytesAndTwentyFourMetadataBytesPerPage(String driver) {
        List<byte[]> image = TestPages.memoryImage();
        ZswapConfig config = ZswapConfig.builder().compressor(driver).memoryBudgetBytes(1L << 30).contexts(1).build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            ByteBuffer folio = TestPages.folio(image);
            for (int from = 0; from < image.size(); from += 512) {
                int n = Math.min(512, image.size() - from);
                long first = engine.allocateEntries(n);
                assertTrue(engine.store(first, folio.duplicate().position(from * TestPages.PAGE), n));
            }
            ZswapStats s = engine.stats();
            System.out.printf("%s memory image: %d pages, %d same-filled, %d raw, compressed %d B, pool %d B"
                    + " (x%.4f), metadata %.1f B/page%n", driver, s.get(STORED_PAGES), s.get(SAME_FILLED_PAGES),
                    s.get(STORED_INCOMPRESSIBLE_PAGES), s.get(COMPRESSED_BYTES), s.get(POOL_TOTAL_SIZE),
                    s.poolOverCompressed(),
                    s.metadataBytesPerStoredPage());
            assertTrue(s.poolOverCompressed() <= 1.04, "pool/compressed " + s.poolOverCompressed());
            // Descriptors, allocator bookkeeping, clusters and chunks: zram's table is 16 B/slot, swp_desc 24.
            assertTrue(s.metadataBytesPerStoredPage() <= 24, "metadata B/page " + s.metadataBytesPerStoredPage());
        }
    }
}
