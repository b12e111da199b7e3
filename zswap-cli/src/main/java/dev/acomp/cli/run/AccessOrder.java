package dev.acomp.cli.run;

import java.util.SplittableRandom;

/**
 * Page indexes in {@code [0, pages)}, one per {@link #next()}, allocating nothing per index. Each thread of
 * a run has its own, seeded from the run's seed and the thread's number.
 */
public abstract class AccessOrder {
    /** Zipf exponent: YCSB's default skew. */
    static final double ZIPF_THETA = 0.99;

    final int pages;

    private AccessOrder(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("no pages to access");
        }
        this.pages = pages;
    }

    /** The next page index. */
    public abstract int next();

    /** Pages in order from a seeded starting page, so that threads start apart. */
    static AccessOrder sequential(int pages, long seed) {
        int start = new SplittableRandom(seed).nextInt(pages);
        return new AccessOrder(pages) {
            private int at = start;

            @Override
            public int next() {
                int page = at;
                at = at + 1 == pages ? 0 : at + 1;
                return page;
            }
        };
    }

    static AccessOrder uniform(int pages, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new AccessOrder(pages) {
            @Override
            public int next() {
                return random.nextInt(pages);
            }
        };
    }

    /**
     * Zipf ranks by Gray et al.'s rejection-free method ("Quickly generating billion-record synthetic
     * databases", as YCSB's ZipfianGenerator), mapped through a seeded permutation so that the hot pages
     * are spread over the source rather than being its first pages.
     */
    static AccessOrder zipf(int pages, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pageOfRank = new int[pages];
        for (int i = 0; i < pages; i++) {
            pageOfRank[i] = i;
        }
        for (int i = pages - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = pageOfRank[i];
            pageOfRank[i] = pageOfRank[j];
            pageOfRank[j] = t;
        }
        double zetaN = zeta(pages, ZIPF_THETA);
        double zeta2 = zeta(Math.min(2, pages), ZIPF_THETA);
        double alpha = 1 / (1 - ZIPF_THETA);
        double eta = (1 - Math.pow(2.0 / pages, 1 - ZIPF_THETA)) / (1 - zeta2 / zetaN);
        return new AccessOrder(pages) {
            @Override
            public int next() {
                double u = random.nextDouble();
                double uz = u * zetaN;
                int rank;
                if (uz < 1) {
                    rank = 0;
                } else if (uz < 1 + Math.pow(0.5, ZIPF_THETA)) {
                    rank = Math.min(1, pages - 1);
                } else {
                    rank = (int) Math.min(pages - 1, (long) (pages * Math.pow(eta * u - eta + 1, alpha)));
                }
                return pageOfRank[rank];
            }
        };
    }

    private static double zeta(int n, double theta) {
        double sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += 1 / Math.pow(i, theta);
        }
        return sum;
    }
}
