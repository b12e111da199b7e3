package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterChunksTest {
    /** The memory image's pages: their last large folio is cut short, to 450 pages. */
    private static final int PAGES = 4096;

    @Test
    void everyPageIsInOneChunkWhoseFoliosShareOneClusterAndLoadsAddUp() {
        FolioLayout layout = FolioLayout.mixed(PAGES, 1);
        long[] entryOfFolio = new long[layout.folioCount()];
        try (ZswapEngine engine = engine()) {
            int clusterSize = engine.config().clusterSize();
            ClusterChunks chunks = chunks(engine, layout, entryOfFolio);

            int[] chunkOfPage = new int[PAGES];
            Arrays.fill(chunkOfPage, -1);
            long loads = 0;
            for (int k = 0; k < chunks.count(); k++) {
                long cluster = entryOfFolio[chunks.folios(k)[0]] / clusterSize;
                for (int f : chunks.folios(k)) {
                    assertEquals(cluster, entryOfFolio[f] / clusterSize, "folio " + f + " of chunk " + k);
                }
                for (int p : chunks.pages(k)) {
                    assertEquals(-1, chunkOfPage[p], "page " + p + " in two chunks");
                    chunkOfPage[p] = k;
                }
                loads += chunks.loads(k, 12345);
            }
            for (int p = 0; p < PAGES; p++) {
                assertTrue(chunkOfPage[p] >= 0, "page " + p + " in no chunk");
            }
            assertEquals(12345, loads);
        }
    }

    @Test
    void largeFoliosGoFirstLargestFirstThenSmallChunksRoundTheClusters() {
        FolioLayout layout = FolioLayout.mixed(PAGES, 1);
        long[] entryOfFolio = new long[layout.folioCount()];
        try (ZswapEngine engine = engine()) {
            int clusterSize = engine.config().clusterSize();
            ClusterChunks chunks = chunks(engine, layout, entryOfFolio);
            int limit = ClusterChunks.chunkPages(PAGES, clusterSize);
            assertEquals(PAGES / ClusterChunks.CHUNKS, limit);

            int k = 0;
            int previous = Integer.MAX_VALUE;
            for (; k < chunks.count() && layout.nrPages(chunks.folios(k)[0]) > limit; k++) {
                assertEquals(1, chunks.folios(k).length, "a large folio is a chunk alone");
                assertTrue(chunks.pages(k).length <= previous, "chunk " + k + " larger than the one before");
                previous = chunks.pages(k).length;
            }
            assertTrue(k >= 2, "the layout has large folios: " + k);
            Set<Long> clustersOfSmall = new HashSet<>();
            for (int j = k; j < chunks.count(); j++) {
                assertTrue(chunks.pages(j).length <= limit, "chunk " + j + " over " + limit + " pages");
                clustersOfSmall.add(entryOfFolio[chunks.folios(j)[0]] / clusterSize);
            }
            // The first round takes one chunk of each cluster: threads taking chunks at once share no cluster.
            Set<Long> firstRound = new HashSet<>();
            for (int j = k; j < k + clustersOfSmall.size(); j++) {
                assertTrue(firstRound.add(entryOfFolio[chunks.folios(j)[0]] / clusterSize),
                        "chunk " + j + " in a cluster the round already had");
            }
            assertTrue(firstRound.size() > 1, "the small folios fill several clusters");
        }
    }

    private static ZswapEngine engine() {
        return ZswapEngine.create(ZswapConfig.builder().registry(AcompRegistry.load()).compressor("lz4")
                .pageSize(PageSnapshot.PAGE_SIZE).memoryBudgetBytes(64L << 20).build());
    }

    /** Allocates every folio's entries, in order, into {@code entryOfFolio}, and cuts the chunks. */
    private static ClusterChunks chunks(ZswapEngine engine, FolioLayout layout, long[] entryOfFolio) {
        for (int f = 0; f < entryOfFolio.length; f++) {
            entryOfFolio[f] = engine.allocateEntries(layout.nrPages(f));
        }
        return ClusterChunks.of(layout, entryOfFolio, engine.config().clusterSize());
    }
}
