package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClusterChunksTest {
    @Test
    void everyPageIsInOneChunkWhoseFoliosShareOneClusterAndLoadsAddUp() {
        int pages = 5000;
        FolioLayout layout = FolioLayout.mixed(pages, 7);
        long[] entryOfFolio = new long[layout.folioCount()];
        try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().registry(AcompRegistry.load())
                .compressor("lz4").pageSize(PageSnapshot.PAGE_SIZE).memoryBudgetBytes(64L << 20).build())) {
            for (int f = 0; f < entryOfFolio.length; f++) {
                entryOfFolio[f] = engine.allocateEntries(layout.nrPages(f));
            }
            int clusterSize = engine.config().clusterSize();
            ClusterChunks chunks = ClusterChunks.of(layout, entryOfFolio, clusterSize);

            int[] chunkOfPage = new int[pages];
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
            for (int p = 0; p < pages; p++) {
                assertTrue(chunkOfPage[p] >= 0, "page " + p + " in no chunk");
            }
            assertEquals(12345, loads);
        }
    }
}
