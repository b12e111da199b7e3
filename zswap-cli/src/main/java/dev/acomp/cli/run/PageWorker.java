package dev.acomp.cli.run;

import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's share of a run: its own view of the snapshot, page buffer and histograms, so that the
 * store and load loops allocate nothing per page. Results are read after the thread's task ended.
 */
final class PageWorker {
    /** Loads between two progress updates: keeps the shared counter off the hot path. */
    private static final int PROGRESS_STRIDE = 256;
    /** Marks a page whose folio the engine rejected: the caller kept it. */
    static final long KEPT_BY_CALLER = -1;

    private final ZswapEngine engine;
    private final PageSnapshot snapshot;
    private final long[] entryOfPage;
    private final ByteBuffer view;
    private final ByteBuffer page = ByteBuffer.allocateDirect(PageSnapshot.PAGE_SIZE);

    final LatencyHistogram storeLatency = new LatencyHistogram();
    final LatencyHistogram loadLatency = new LatencyHistogram();
    long engineLoads;
    long callerLoads;
    long sweptPages;
    long rejectedPages;
    long mismatches;
    long failures;
    String firstProblem;

    PageWorker(ZswapEngine engine, PageSnapshot snapshot, long[] entryOfPage) {
        this.engine = engine;
        this.snapshot = snapshot;
        this.entryOfPage = entryOfPage;
        this.view = snapshot.view();
    }

    /** Stores folios {@code [from, to)} of {@code layout}, each at a fresh run of entries. */
    void store(FolioLayout layout, int from, int to, AtomicLong done) {
        for (int f = from; f < to; f++) {
            int first = layout.firstPage(f);
            int n = layout.nrPages(f);
            long entry = engine.allocateEntries(n);
            select(first, n);
            long start = System.nanoTime();
            boolean stored = engine.store(entry, view, n);
            storeLatency.record((System.nanoTime() - start) / n, n);
            if (stored) {
                for (int i = 0; i < n; i++) {
                    entryOfPage[first + i] = entry + i;
                }
            } else {
                engine.freeEntries(entry, n);
                for (int i = 0; i < n; i++) {
                    entryOfPage[first + i] = KEPT_BY_CALLER;
                }
                rejectedPages += n;
            }
            done.addAndGet(n);
        }
    }

    /** Loads {@code count} pages in {@code order}, timing each engine load. */
    void load(AccessOrder order, long count, AtomicLong done) {
        for (long i = 0; i < count; i++) {
            int p = order.next();
            long entry = entryOfPage[p];
            if (entry == KEPT_BY_CALLER) {
                callerLoads++;
            } else {
                long nanos = loadAndCheck(p, entry);
                if (nanos >= 0) {
                    loadLatency.record(nanos);
                    engineLoads++;
                }
            }
            if ((i + 1) % PROGRESS_STRIDE == 0) {
                done.addAndGet(PROGRESS_STRIDE);
            }
        }
        done.addAndGet(count % PROGRESS_STRIDE);
    }

    /** Loads and checks every page of {@code [from, to)}: nothing goes unverified, whatever the pattern. */
    void sweep(int from, int to, AtomicLong done) {
        for (int p = from; p < to; p++) {
            long entry = entryOfPage[p];
            if (entry == KEPT_BY_CALLER || loadAndCheck(p, entry) >= 0) {
                sweptPages++;
            }
            if ((p - from + 1) % PROGRESS_STRIDE == 0) {
                done.addAndGet(PROGRESS_STRIDE);
            }
        }
        done.addAndGet((to - from) % PROGRESS_STRIDE);
    }

    /**
     * Loads page {@code p} from {@code entry} and compares it with the snapshot. Returns the nanoseconds
     * the load took, or -1 when it threw.
     */
    private long loadAndCheck(int p, long entry) {
        long nanos;
        try {
            long start = System.nanoTime();
            engine.load(entry, page.clear());
            nanos = System.nanoTime() - start;
        } catch (ZswapException e) {
            failures++;
            problem(snapshot.describe(p) + " (swap entry " + entry + "): " + e.getMessage());
            return -1;
        }
        select(p, 1);
        if (page.clear().mismatch(view) >= 0) {
            mismatches++;
            problem(snapshot.describe(p) + " (swap entry " + entry + ") differs after its round trip, from byte "
                    + page.mismatch(view));
        }
        return nanos;
    }

    private void select(int firstPage, int nrPages) {
        view.limit((firstPage + nrPages) * PageSnapshot.PAGE_SIZE).position(firstPage * PageSnapshot.PAGE_SIZE);
    }

    private void problem(String description) {
        if (firstProblem == null) {
            firstProblem = description;
        }
    }
}
