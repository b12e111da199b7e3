package dev.acomp.zswap;

import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.RECOMPRESSED_BYTES_SAVED;
import static dev.acomp.zswap.ZswapCounter.RECOMPRESSED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.zswap.testing.TestPages;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zram-style recompression of idle entries with a secondary compressor (issue 11). */
class RecompressionTest {
    private static final int PAGE = TestPages.PAGE;

    @TempDir
    Path dir;

    private static ZswapConfig.Builder config(String recompressor) {
        return ZswapConfig.builder().compressor("lz4-generic").recompressor(recompressor).contexts(2)
                .memoryBudgetBytes(1L << 30).maxPoolPercent(100);
    }

    private static long storeAll(ZswapEngine engine, List<byte[]> pages) {
        long first = engine.allocateEntries(pages.size());
        assertTrue(engine.store(first, TestPages.folio(pages), pages.size()));
        return first;
    }

    @Test
    void idleEntriesTakeTheSmallerObjectOfTheSecondaryCompressorAndLoadBack() {
        List<byte[]> pages = TestPages.memoryImage().subList(1000, 1200);
        try (ZswapEngine engine = ZswapEngine.create(config("zstd-generic").build())) {
            long first = storeAll(engine, pages);
            assertEquals(200, engine.markIdle());
            for (int k = 0; k < 20; k++) {
                engine.load(first + k, ByteBuffer.allocate(PAGE));
            }
            ZswapStats before = engine.stats();

            long recompressed = engine.recompress(true, Long.MAX_VALUE);

            ZswapStats after = engine.stats();
            assertTrue(recompressed > 100 && recompressed <= 180, "recompressed " + recompressed);
            assertEquals(recompressed, after.get(RECOMPRESSED_PAGES));
            assertTrue(after.get(RECOMPRESSED_BYTES_SAVED) > 0);
            assertEquals(before.get(COMPRESSED_BYTES) - after.get(RECOMPRESSED_BYTES_SAVED),
                    after.get(COMPRESSED_BYTES), "the bytes saved are the pool's");
            assertEquals(200, after.get(STORED_PAGES));
            TestPages.assertLoads(engine, first, pages);
            assertEquals(0, engine.recompress(true, Long.MAX_VALUE), "loaded since: none idle is left to try");
        }
    }

    /** Run {@code r} of 512 pages (one cluster). */
    private static List<byte[]> runOf(List<byte[]> pages, int r) {
        return pages.subList(r * 512, Math.min(pages.size(), (r + 1) * 512));
    }

    @Test
    void theWholeImageRecompressedKeepsItsMetadataWithin24BytesPerPage() {
        // Nearly every object moves to a smaller class: the chunks the first compressor's objects held
        // are released, and compaction gives back the room their classes kept for them.
        List<byte[]> pages = TestPages.memoryImage();
        try (ZswapEngine engine = ZswapEngine.create(config("zstd-generic").build())) {
            long[] firsts = new long[(pages.size() + 511) / 512];
            for (int r = 0; r < firsts.length; r++) {
                firsts[r] = storeAll(engine, runOf(pages, r));
            }
            engine.markIdle();
            assertTrue(engine.recompress(true, Long.MAX_VALUE) > pages.size() / 2);
            ZswapStats s = engine.stats();
            assertTrue(s.metadataBytesPerStoredPage() <= 24, "metadata B/page " + s.metadataBytesPerStoredPage());
            for (int r = 0; r < firsts.length; r++) {
                TestPages.assertLoads(engine, firsts[r], runOf(pages, r));
            }
        }
    }

    @Test
    void anEntryTheSecondaryCompressorDoesNotShrinkIsKeptAsItIs() {
        List<byte[]> pages = TestPages.memoryImage().subList(2000, 2100);
        try (ZswapEngine engine = ZswapEngine.create(config("lz4-generic").build())) {
            long first = storeAll(engine, pages);
            long compressed = engine.stats().get(COMPRESSED_BYTES);
            assertEquals(0, engine.recompress(false, Long.MAX_VALUE), "the same codec makes nothing smaller");
            assertEquals(compressed, engine.stats().get(COMPRESSED_BYTES));
            assertEquals(0, engine.stats().get(RECOMPRESSED_PAGES));
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void maxPagesBoundsTheEntriesTried() {
        List<byte[]> pages = TestPages.memoryImage().subList(1000, 1100);
        try (ZswapEngine engine = ZswapEngine.create(config("zstd-generic").build())) {
            long first = storeAll(engine, pages);
            assertTrue(engine.recompress(false, 5) <= 5);
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void recompressedEntriesAreWrittenBackAndReadBackWithTheirOwnCompressor() {
        List<byte[]> pages = TestPages.memoryImage().subList(1000, 1100);
        ZswapConfig cfg = config("zstd-generic").backingFile(dir.resolve("swap")).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            long first = storeAll(engine, pages);
            engine.markIdle();
            assertTrue(engine.recompress(true, Long.MAX_VALUE) > 0);
            assertEquals(100, engine.writeback(Long.MAX_VALUE).pages());
            TestPages.assertLoads(engine, first, pages);
        }
    }

    @Test
    void recompressionNeedsASecondaryCompressor() {
        ZswapConfig cfg = ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(1L << 26).build();
        try (ZswapEngine engine = ZswapEngine.create(cfg)) {
            assertThrows(IllegalStateException.class, () -> engine.recompress(true, 1));
        }
    }
}
