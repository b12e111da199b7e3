package dev.acomp.cli.run;

import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapException;
import java.nio.ByteBuffer;

/**
 * One thread's share of a run: its own views of the snapshot and of the restored pages, and its own
 * histograms, so that the timed store and load loops allocate nothing, share no counter with the other
 * threads, and do nothing but call the engine and read the clock. Loads land in the restored area at
 * their page's place and are checked after the timed loop ({@link #verify}), as {@code bench} does.
 * Results are read after the thread's task ended.
 */
final class PageWorker {
    /** Marks a page whose folio the engine rejected in this pass: the caller kept it. */
    static final long KEPT_BY_CALLER = -1;
    /** What the restored area holds where no load wrote, so that a page the engine did not write cannot pass. */
    static final byte POISON = (byte) 0xA5;

    private final ZswapEngine engine;
    private final PageSnapshot snapshot;
    private final long[] entryOfFolio;
    private final long[] entryOfPage;
    private final int[] loadedInPass;
    private final ByteBuffer view;
    private final ByteBuffer restored;
    private final ByteBuffer restoredPage;
    private final ByteBuffer poison;
    private final ByteBuffer page = ByteBuffer.allocateDirect(PageSnapshot.PAGE_SIZE);

    /** Of the steady passes only (see {@link #startSteady}). */
    LatencyHistogram storeLatency = new LatencyHistogram();
    LatencyHistogram loadLatency = new LatencyHistogram();
    /** Of the current pass. */
    long engineLoads;
    long callerLoads;
    long rejectedPages;
    /** Of every pass. */
    long sweptPages;
    long mismatches;
    long failures;
    String firstProblem;

    /**
     * @param entryOfFolio each folio's first entry; shared
     * @param entryOfPage each page's entry in this pass, or {@link #KEPT_BY_CALLER}; shared
     * @param loadedInPass the last pass that loaded each page; shared
     * @param restored where loads put each page, at its place; shared (threads load disjoint pages)
     */
    PageWorker(ZswapEngine engine, PageSnapshot snapshot, long[] entryOfFolio, long[] entryOfPage, int[] loadedInPass,
            ByteBuffer restored, ByteBuffer poison) {
        this.engine = engine;
        this.snapshot = snapshot;
        this.entryOfFolio = entryOfFolio;
        this.entryOfPage = entryOfPage;
        this.loadedInPass = loadedInPass;
        this.view = snapshot.view();
        this.restored = restored.duplicate();
        this.restoredPage = restored.duplicate();
        this.poison = poison.duplicate();
    }

    /** Zeroes the counts of the current pass. */
    void beginPass() {
        engineLoads = 0;
        callerLoads = 0;
        rejectedPages = 0;
    }

    /** Fresh histograms: the latencies reported are those of the steady passes. */
    void startSteady() {
        storeLatency = new LatencyHistogram();
        loadLatency = new LatencyHistogram();
    }

    /**
     * Stores {@code folios} of {@code layout}, each at its run of entries (each pass stores them again: a
     * store replaces what the entries held, as a page swapped out again).
     */
    void store(FolioLayout layout, int[] folios) {
        for (int f : folios) {
            int first = layout.firstPage(f);
            int n = layout.nrPages(f);
            long entry = entryOfFolio[f];
            PageSnapshot.select(view, first, n);
            long start = System.nanoTime();
            boolean stored = engine.store(entry, view, n);
            storeLatency.record((System.nanoTime() - start) / n, n);
            for (int i = 0; i < n; i++) {
                entryOfPage[first + i] = stored ? entry + i : KEPT_BY_CALLER;
            }
            if (!stored) {
                rejectedPages += n;
            }
        }
    }

    /**
     * Loads {@code count} of {@code pages}, drawn by {@code order} (over their indexes), into the restored
     * area, timing each engine load; {@link #verify} checks them after.
     */
    void load(AccessOrder order, int[] pages, long count, int pass) {
        // One clock read per load (a read costs 60-70 ns here, a few percent of a load): each load's time
        // runs from the end of the one before, so it includes drawing its page, tens of nanoseconds.
        // Counted in locals, written once: the workers' fields may share a cache line.
        long fromEngine = 0;
        long fromCaller = 0;
        long before = System.nanoTime();
        for (long i = 0; i < count; i++) {
            int p = pages[order.next()];
            long entry = entryOfPage[p];
            if (entry == KEPT_BY_CALLER) {
                fromCaller++;
                continue;
            }
            restored.position(p * PageSnapshot.PAGE_SIZE);
            try {
                engine.load(entry, restored);
            } catch (ZswapException e) {
                failures++;
                problem(snapshot.describe(p) + " (swap entry " + entry + "): " + e.getMessage());
                before = System.nanoTime();
                continue;
            }
            long after = System.nanoTime();
            loadLatency.record(after - before);
            before = after;
            fromEngine++;
            loadedInPass[p] = pass;
        }
        engineLoads += fromEngine;
        callerLoads += fromCaller;
    }

    /** Checks every page of {@code [from, to)} loaded in {@code pass} against the snapshot, then poisons it again. */
    void verify(int from, int to, int pass) {
        for (int p = from; p < to; p++) {
            if (loadedInPass[p] != pass) {
                continue;
            }
            PageSnapshot.select(view, p, 1);
            PageSnapshot.select(restoredPage, p, 1);
            int at = restoredPage.mismatch(view);
            if (at >= 0) {
                mismatches++;
                problem(snapshot.describe(p) + " (swap entry " + entryOfPage[p] + ") differs after its round trip,"
                        + " from byte " + at);
            }
            restoredPage.put(poison.clear());
        }
    }

    /** Loads and checks every page of {@code [from, to)}: nothing goes unverified, whatever the pattern. */
    void sweep(int from, int to) {
        for (int p = from; p < to; p++) {
            long entry = entryOfPage[p];
            if (entry == KEPT_BY_CALLER || loadAndCheck(p, entry)) {
                sweptPages++;
            }
        }
    }

    /** Loads page {@code p} from {@code entry} and compares it with the snapshot; false when the load threw. */
    private boolean loadAndCheck(int p, long entry) {
        try {
            engine.load(entry, page.clear());
        } catch (ZswapException e) {
            failures++;
            problem(snapshot.describe(p) + " (swap entry " + entry + "): " + e.getMessage());
            return false;
        }
        PageSnapshot.select(view, p, 1);
        int at = page.clear().mismatch(view);
        if (at >= 0) {
            mismatches++;
            problem(snapshot.describe(p) + " (swap entry " + entry + ") differs after its round trip, from byte "
                    + at);
        }
        return true;
    }

    private void problem(String description) {
        if (firstProblem == null) {
            firstProblem = description;
        }
    }
}
