package dev.acomp.cli.run;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How a run cuts its pages into folios: a seeded mix of {@link #SIZES}-page folios, as a kernel's mix of
 * base pages and large folios, each cut short where the pages end.
 */
public final class FolioLayout {
    /** Folio sizes in pages, and how often each is drawn (out of the sum of the weights). */
    public static final int[] SIZES = {1, 2, 4, 8, 16, 512};
    private static final int[] WEIGHTS = {35, 15, 15, 15, 18, 2};

    private final int[] firstPage;
    private final int[] nrPages;

    private FolioLayout(int[] firstPage, int[] nrPages) {
        this.firstPage = firstPage;
        this.nrPages = nrPages;
    }

    /** {@code pages} pages cut into folios of the mix, reproducibly from {@code seed}. */
    public static FolioLayout mixed(int pages, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int weightSum = Arrays.stream(WEIGHTS).sum();
        int[] first = new int[Math.max(16, pages / 8)];
        int[] sizes = new int[first.length];
        int count = 0;
        for (int page = 0; page < pages; count++) {
            int draw = random.nextInt(weightSum);
            int s = 0;
            while (draw >= WEIGHTS[s]) {
                draw -= WEIGHTS[s++];
            }
            if (count == first.length) {
                first = Arrays.copyOf(first, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            first[count] = page;
            sizes[count] = Math.min(SIZES[s], pages - page);
            page += sizes[count];
        }
        return new FolioLayout(Arrays.copyOf(first, count), Arrays.copyOf(sizes, count));
    }

    public int folioCount() {
        return firstPage.length;
    }

    public int firstPage(int folio) {
        return firstPage[folio];
    }

    public int nrPages(int folio) {
        return nrPages[folio];
    }

    /** How many folios there are of each size, by size in pages. */
    public Map<Integer, Integer> mix() {
        Map<Integer, Integer> mix = new TreeMap<>();
        for (int size : nrPages) {
            mix.merge(size, 1, Integer::sum);
        }
        return mix;
    }
}
