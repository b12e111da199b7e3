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

    /** The run's folios, their first entries as an engine allocates them in order, and the chunks cut. */
    private record Cut(FolioLayout layout, long[] entryOfFolio, int clusterSize, ClusterChunks chunks) {
        long cluster(int folio) {
            return entryOfFolio[folio] / clusterSize;
        }
    }

    @Test
    void everyPageIsInOneChunkWhoseFoliosShareOneClusterAndLoadsAddUp() {
        Cut cut = cut();
        ClusterChunks chunks = cut.chunks();
        int[] chunkOfPage = new int[PAGES];
        Arrays.fill(chunkOfPage, -1);
        long loads = 0;
        for (int k = 0; k < chunks.count(); k++) {
            long cluster = cut.cluster(chunks.folios(k)[0]);
            for (int f : chunks.folios(k)) {
                assertEquals(cluster, cut.cluster(f), "folio " + f + " of chunk " + k);
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

    @Test
    void largeFoliosGoFirstLargestFirstThenSmallChunksRoundTheClusters() {
        Cut cut = cut();
        ClusterChunks chunks = cut.chunks();
        int limit = ClusterChunks.chunkPages(PAGES, cut.clusterSize());
        assertEquals(PAGES / ClusterChunks.CHUNKS, limit);

        int k = 0;
        int previous = Integer.MAX_VALUE;
        for (; k < chunks.count() && cut.layout().nrPages(chunks.folios(k)[0]) > limit; k++) {
            assertEquals(1, chunks.folios(k).length, "a large folio is a chunk alone");
            assertTrue(chunks.pages(k).length <= previous, "chunk " + k + " larger than the one before");
            previous = chunks.pages(k).length;
        }
        assertTrue(k >= 2, "the layout has large folios: " + k);
        Set<Long> clustersOfSmall = new HashSet<>();
        for (int j = k; j < chunks.count(); j++) {
            assertTrue(chunks.pages(j).length <= limit, "chunk " + j + " over " + limit + " pages");
            clustersOfSmall.add(cut.cluster(chunks.folios(j)[0]));
        }
        // The first round takes one chunk of each cluster: threads taking chunks at once share no cluster.
        Set<Long> firstRound = new HashSet<>();
        for (int j = k; j < k + clustersOfSmall.size(); j++) {
            assertTrue(firstRound.add(cut.cluster(chunks.folios(j)[0])),
                    "chunk " + j + " in a cluster the round already had");
        }
        assertTrue(firstRound.size() > 1, "the small folios fill several clusters");
    }

    private static Cut cut() {
        FolioLayout layout = FolioLayout.mixed(PAGES, 1);
        long[] entryOfFolio = new long[layout.folioCount()];
        try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().registry(AcompRegistry.load())
                .compressor("lz4").pageSize(PageSnapshot.PAGE_SIZE).memoryBudgetBytes(64L << 20).build())) {
            for (int f = 0; f < entryOfFolio.length; f++) {
                entryOfFolio[f] = engine.allocateEntries(layout.nrPages(f));
            }
            int clusterSize = engine.config().clusterSize();
            return new Cut(layout, entryOfFolio, clusterSize, ClusterChunks.of(layout, entryOfFolio, clusterSize));
        }
    }
}
