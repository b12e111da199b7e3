package dev.acomp.benchmarks.zswap;

import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.DIRECT_BYTES;
import static dev.acomp.zswap.ZswapCounter.METADATA_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_INCOMPRESSIBLE_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;

import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapStats;
import java.nio.ByteBuffer;

/**
 * Stores every page of the memory image once and prints what the engine holds for them: pool bytes
 * against compressed bytes (the allocator's fragmentation) and metadata bytes per stored page; then the
 * same after invalidating every second page, and after compaction. Argument: the compressor (default
 * {@code lz4-generic}).
 */
public final class EngineFootprint {
    private EngineFootprint() {
    }

    public static void main(String[] args) {
        String compressor = args.length > 0 ? args[0] : "lz4-generic";
        ByteBuffer[] pages = EnginePages.memoryImage();
        ZswapConfig config = ZswapConfig.builder().compressor(compressor).memoryBudgetBytes(256L << 20)
                .maxPoolPercent(100).build();
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] entries = EnginePages.allocateEntries(engine, pages.length);
            EnginePages.storeAll(engine, entries, pages);
            print("stored " + pages.length + " pages", engine.stats(), config.pageSize());
            for (int i = 1; i < entries.length; i += 2) {
                engine.invalidate(entries[i]);
            }
            print("every second page invalidated", engine.stats(), config.pageSize());
            long moved = engine.compact();
            print("compacted (" + moved + " objects moved)", engine.stats(), config.pageSize());
        }
    }

    private static void print(String when, ZswapStats s, int pageSize) {
        long compressedPages = s.get(STORED_PAGES) - s.get(SAME_FILLED_PAGES) - s.get(STORED_INCOMPRESSIBLE_PAGES);
        System.out.printf("%s (%s):%n", when, s.compressor());
        System.out.printf("  stored_pages %d, same_filled_pages %d, stored_incompressible_pages %d%n",
                s.get(STORED_PAGES), s.get(SAME_FILLED_PAGES), s.get(STORED_INCOMPRESSIBLE_PAGES));
        System.out.printf("  compressed bytes %d (%.0f B per compressed page, ratio %.2f)%n", s.get(COMPRESSED_BYTES),
                compressedPages == 0 ? 0.0 : (double) (s.get(COMPRESSED_BYTES) - (long) pageSize
                        * s.get(STORED_INCOMPRESSIBLE_PAGES)) / compressedPages,
                s.get(COMPRESSED_BYTES) == 0 ? 0.0
                        : (double) (s.get(STORED_PAGES) - s.get(SAME_FILLED_PAGES)) * pageSize
                                / s.get(COMPRESSED_BYTES));
        System.out.printf("  pool_total_size %d, pool/compressed %.4f%n", s.get(POOL_TOTAL_SIZE),
                s.poolOverCompressed());
        System.out.printf("  metadata bytes %d, %.1f per stored page; direct bytes %d%n", s.get(METADATA_BYTES),
                s.metadataBytesPerStoredPage(), s.get(DIRECT_BYTES));
    }
}
