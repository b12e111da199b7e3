package dev.acomp.cli.run;

import java.util.Arrays;

/**
 * A run's work cut by the cluster its entries lie in: threads take a chunk at a time as they finish, so
 * they finish together whatever each chunk costs (a few 512-page folios hold most pages; same-filled
 * pages cost next to nothing), and no two threads ever store or load in the same cluster at once (as the
 * kernel gives each CPU its own swap cluster), so they share no cluster lock and no descriptor array.
 */
final class ClusterChunks {
    private final int[][] folios;
    private final int[][] pages;
    /** Pages of the chunks before chunk {@code k}, at {@code k} (the total at the end). */
    private final long[] pagesBefore;

    private ClusterChunks(int[][] folios, int[][] pages) {
        this.folios = folios;
        this.pages = pages;
        this.pagesBefore = new long[pages.length + 1];
        for (int k = 0; k < pages.length; k++) {
            pagesBefore[k + 1] = pagesBefore[k] + pages[k].length;
        }
    }

    /** The chunks of {@code layout}'s folios, folio {@code f} at entries {@code entryOfFolio[f]...}. */
    static ClusterChunks of(FolioLayout layout, long[] entryOfFolio, int clusterSize) {
        int clusters = 0;
        for (long e : entryOfFolio) {
            clusters = (int) Math.max(clusters, e / clusterSize + 1);
        }
        int[] folioCount = new int[clusters];
        int[] pageCount = new int[clusters];
        for (int f = 0; f < entryOfFolio.length; f++) {
            int c = (int) (entryOfFolio[f] / clusterSize);
            folioCount[c]++;
            pageCount[c] += layout.nrPages(f);
        }
        int[][] folios = new int[clusters][];
        int[][] pages = new int[clusters][];
        for (int c = 0; c < clusters; c++) {
            folios[c] = new int[folioCount[c]];
            pages[c] = new int[pageCount[c]];
        }
        int[] nf = new int[clusters];
        int[] np = new int[clusters];
        for (int f = 0; f < entryOfFolio.length; f++) {
            int c = (int) (entryOfFolio[f] / clusterSize);
            folios[c][nf[c]++] = f;
            for (int i = 0; i < layout.nrPages(f); i++) {
                pages[c][np[c]++] = layout.firstPage(f) + i;
            }
        }
        // Clusters left empty (none, when entries are allocated in one go) are dropped.
        int kept = 0;
        for (int c = 0; c < clusters; c++) {
            if (folios[c].length > 0) {
                folios[kept] = folios[c];
                pages[kept++] = pages[c];
            }
        }
        return new ClusterChunks(Arrays.copyOf(folios, kept), Arrays.copyOf(pages, kept));
    }

    int count() {
        return folios.length;
    }

    /** The folios of chunk {@code k}. */
    int[] folios(int k) {
        return folios[k];
    }

    /** The pages of chunk {@code k}, in page order. */
    int[] pages(int k) {
        return pages[k];
    }

    /** Chunk {@code k}'s share of {@code loads} loads: in proportion to its pages. */
    long loads(int k, long loads) {
        long total = pagesBefore[pages.length];
        return loads * pagesBefore[k + 1] / total - loads * pagesBefore[k] / total;
    }
}
