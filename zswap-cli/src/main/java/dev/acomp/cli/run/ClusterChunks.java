package dev.acomp.cli.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run's work cut into chunks that threads take one at a time as they finish, so that they finish
 * together: each cluster's folios in runs of at most {@link #chunkPages} pages (a larger folio alone, as a
 * store cannot be cut), so that the chunk a thread ends on is a small part of its share however few
 * clusters the pages fill (4096 pages fill 9, and whole clusters left one thread idle for about half a
 * cluster's time at the end of each phase). The chunks of the folios too large to pack go out first,
 * largest first, so that none of them is what a thread ends on; then the others round the clusters, so
 * that threads taking chunks at once work in different clusters (as the kernel gives each CPU its own
 * swap cluster) and share no cluster lock or descriptor array, except for the last chunks of a phase.
 */
final class ClusterChunks {
    /** Chunks a run's pages are cut into, where clusters allow: each of two threads ends on 1/32 of its share. */
    static final int CHUNKS = 64;
    /** The fewest pages a chunk of packed folios is cut at: below it the chunk's own cost would show. */
    static final int MIN_CHUNK_PAGES = 16;

    private final int[][] folios;
    private final int[][] pages;
    /** Pages of the chunks before chunk {@code k}, at {@code k} (the total at the end). */
    private final long[] pagesBefore;

    private ClusterChunks(FolioLayout layout, List<Run> order) {
        this.folios = new int[order.size()][];
        this.pages = new int[order.size()][];
        this.pagesBefore = new long[order.size() + 1];
        for (int k = 0; k < order.size(); k++) {
            Run run = order.get(k);
            folios[k] = run.folios.stream().mapToInt(Integer::intValue).toArray();
            pages[k] = new int[run.pages];
            int at = 0;
            for (int f : folios[k]) {
                for (int i = 0; i < layout.nrPages(f); i++) {
                    pages[k][at++] = layout.firstPage(f) + i;
                }
            }
            pagesBefore[k + 1] = pagesBefore[k] + run.pages;
        }
    }

    /** Pages a chunk of packed folios holds at most, for a run of {@code pages} pages. */
    static int chunkPages(int pages, int clusterSize) {
        return Math.min(clusterSize, Math.max(MIN_CHUNK_PAGES, pages / CHUNKS));
    }

    /** The chunks of {@code layout}'s folios, folio {@code f} at entries {@code entryOfFolio[f]...}. */
    static ClusterChunks of(FolioLayout layout, long[] entryOfFolio, int clusterSize) {
        int total = 0;
        for (int f = 0; f < entryOfFolio.length; f++) {
            total += layout.nrPages(f);
        }
        int limit = chunkPages(total, clusterSize);
        // Each cluster's folios in order, cut into runs; a folio over the limit is a run alone.
        SortedMap<Long, List<Run>> runsOfCluster = new TreeMap<>();
        List<Run> large = new ArrayList<>();
        for (int f = 0; f < entryOfFolio.length; f++) {
            int n = layout.nrPages(f);
            if (n > limit) {
                large.add(new Run().add(f, n));
                continue;
            }
            List<Run> runs = runsOfCluster.computeIfAbsent(entryOfFolio[f] / clusterSize, c -> new ArrayList<>());
            if (runs.isEmpty() || runs.get(runs.size() - 1).pages + n > limit) {
                runs.add(new Run());
            }
            runs.get(runs.size() - 1).add(f, n);
        }
        large.sort(Comparator.comparingInt((Run r) -> r.pages).reversed());
        List<Run> order = new ArrayList<>(large);
        int rounds = runsOfCluster.values().stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < rounds; round++) {
            for (List<Run> runs : runsOfCluster.values()) {
                if (round < runs.size()) {
                    order.add(runs.get(round));
                }
            }
        }
        return new ClusterChunks(layout, order);
    }

    /** Folios of one chunk, in order. */
    private static final class Run {
        final List<Integer> folios = new ArrayList<>();
        int pages;

        Run add(int folio, int nrPages) {
            folios.add(folio);
            pages += nrPages;
            return this;
        }
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
