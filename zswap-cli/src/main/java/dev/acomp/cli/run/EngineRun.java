package dev.acomp.cli.run;

import dev.acomp.cli.ProgressBar;
import dev.acomp.zswap.PoolLimitPolicy;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One run of the engine over a snapshot: store every page as folios of the {@link FolioLayout} mix
 * (with a recompressor, then mark every page idle and recompress the idle ones), load pages back in the
 * access pattern (timed), then load every page once more (the sweep), checking each load byte for byte
 * against the snapshot. Folios the engine rejects stay with the caller, as a
 * kernel keeps a page in memory when zswap rejects it; their pages are served from the snapshot.
 */
public final class EngineRun {
    /** Unlimited pool: budget for every page stored raw twice over, plus the allocator's slack. */
    private static final long UNLIMITED_SLACK = 64L << 20;
    /** The pool limit is this share of the memory budget; the rest is the allocator's hard cap. */
    private static final int LIMITED_POOL_PERCENT = 20;
    private static final long PROGRESS_MILLIS = 100;

    private final RunSettings settings;
    private final PageSnapshot snapshot;
    private final FolioLayout layout;

    public EngineRun(RunSettings settings, PageSnapshot snapshot) {
        if (snapshot.pageCount() == 0) {
            throw new IllegalArgumentException(snapshot.origin() + " holds no pages");
        }
        this.settings = settings;
        this.snapshot = snapshot;
        this.layout = FolioLayout.mixed(snapshot.pageCount(), settings.seed());
    }

    /** Runs, drawing {@code progress} (total {@link #progressUnits()}) from the calling thread. */
    public RunResult run(ProgressBar progress) {
        long poolLimit = settings.poolLimit().map(l -> l.bytesFor(snapshot.bytes())).orElse(0L);
        Path tempDir = null;
        Path backingFile = settings.backingFile().orElse(null);
        try {
            if (backingFile == null && poolLimit > 0) {
                tempDir = Files.createTempDirectory("zswap-run-");
                backingFile = tempDir.resolve("backing.swap");
            }
            try (ZswapEngine engine = ZswapEngine.create(engineConfig(poolLimit, backingFile))) {
                return run(engine, poolLimit, backingFile, progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary backing file: " + e.getMessage(), e);
        } finally {
            deleteTemporary(tempDir, backingFile);
        }
    }

    /** Progress units of a run: pages stored, timed loads, pages swept. */
    public long progressUnits() {
        return 2L * snapshot.pageCount() + loads();
    }

    private long loads() {
        return settings.loads() > 0 ? settings.loads() : snapshot.pageCount();
    }

    private ZswapConfig engineConfig(long poolLimit, Path backingFile) {
        int cpus = Runtime.getRuntime().availableProcessors();
        ZswapConfig.Builder config = ZswapConfig.builder()
                .registry(settings.registry())
                .compressor(settings.compressor())
                .pageSize(PageSnapshot.PAGE_SIZE)
                .contexts(Math.max(cpus, settings.threads()));
        settings.recompressor().ifPresent(config::recompressor);
        if (poolLimit > 0) {
            config.memoryBudgetBytes(poolLimit * (100 / LIMITED_POOL_PERCENT)).maxPoolPercent(LIMITED_POOL_PERCENT);
        } else {
            config.memoryBudgetBytes(2 * snapshot.bytes() + UNLIMITED_SLACK).maxPoolPercent(100);
        }
        if (backingFile != null) {
            config.backingFile(backingFile).poolLimitPolicy(PoolLimitPolicy.WRITEBACK);
        }
        return config.build();
    }

    private RunResult run(ZswapEngine engine, long poolLimit, Path backingFile, ProgressBar progress) {
        int pages = snapshot.pageCount();
        int threads = settings.threads();
        long[] entryOfPage = new long[pages];
        List<PageWorker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new PageWorker(engine, snapshot, entryOfPage));
        }
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads());
        try {
            int folios = layout.folioCount();
            long storeNanos = phase(pool, progress, done, workers, t -> workers.get(t).store(layout,
                    share(folios, threads, t), share(folios, threads, t + 1), done));
            ZswapStats beforeRecompress = null;
            if (settings.recompressor().isPresent()) {
                // zram's way: mark everything idle, then recompress the idle pages (untimed).
                beforeRecompress = engine.stats();
                engine.markIdle();
                engine.recompress(true, Long.MAX_VALUE);
            }
            ZswapStats stored = engine.stats();
            long loads = loads();
            long loadNanos = phase(pool, progress, done, workers, t -> workers.get(t).load(
                    settings.access().order(pages, settings.seed() * 31 + t),
                    share(loads, threads, t + 1) - share(loads, threads, t), done));
            phase(pool, progress, done, workers, t -> workers.get(t).sweep(share(pages, threads, t),
                    share(pages, threads, t + 1), done));
            return result(engine, workers, poolLimit, backingFile, stored, beforeRecompress, storeNanos, loadNanos);
        } finally {
            pool.shutdownNow();
        }
    }

    private RunResult result(ZswapEngine engine, List<PageWorker> workers, long poolLimit, Path backingFile,
            ZswapStats stored, ZswapStats beforeRecompress, long storeNanos, long loadNanos) {
        LatencyHistogram storeLatency = new LatencyHistogram();
        LatencyHistogram loadLatency = new LatencyHistogram();
        long engineLoads = 0;
        long callerLoads = 0;
        long swept = 0;
        long rejected = 0;
        long mismatches = 0;
        long failures = 0;
        String firstProblem = null;
        for (PageWorker w : workers) {
            storeLatency.add(w.storeLatency);
            loadLatency.add(w.loadLatency);
            engineLoads += w.engineLoads;
            callerLoads += w.callerLoads;
            swept += w.sweptPages;
            rejected += w.rejectedPages;
            mismatches += w.mismatches;
            failures += w.failures;
            firstProblem = firstProblem != null ? firstProblem : w.firstProblem;
        }
        return new RunResult(snapshot.origin(), stored.compressor(), snapshot.pageCount(), layout.mix(),
                settings.threads(),
                settings.access(), poolLimit, backingFile == null ? null : backingFile.toString(), stored,
                beforeRecompress, engine.stats(), storeNanos, loadNanos, engineLoads, callerLoads, swept, storeLatency,
                loadLatency, rejected, mismatches, failures, firstProblem);
    }

    /** Runs {@code task} on every thread and returns its wall time, drawing progress meanwhile. */
    private static long phase(ExecutorService pool, ProgressBar progress, AtomicLong done, List<PageWorker> workers,
            IntConsumer task) {
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < workers.size(); t++) {
            int thread = t;
            futures.add(pool.submit(() -> task.accept(thread)));
        }
        long drawn = done.get();
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long now = done.get();
                    progress.advance(now - drawn);
                    drawn = now;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.advance(done.get() - drawn);
        return elapsed;
    }

    /** The first of {@code total} items that thread {@code t} of {@code threads} takes. */
    private static int share(int total, int threads, int t) {
        return (int) share((long) total, threads, t);
    }

    private static long share(long total, int threads, int t) {
        return total * t / threads;
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "zswap-run-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    private static void deleteTemporary(Path tempDir, Path backingFile) {
        if (tempDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(backingFile);
            Files.deleteIfExists(tempDir);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the run's result stands.
        }
    }
}
