package dev.acomp.cli.run;

import dev.acomp.cli.PageSource;
import dev.acomp.cli.ProgressBar;
import dev.acomp.zswap.PoolLimitPolicy;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the engine over a snapshot, pass after pass of a {@link PassPlan}: store every page as
 * folios of the {@link FolioLayout} mix (with a recompressor, then mark every page idle and recompress the
 * idle ones, untimed), load pages back in the access pattern, check each load byte for byte against the
 * snapshot; after the last pass, load every page once more (the sweep). Folios the engine rejects stay
 * with the caller, as a kernel keeps a page in memory when zswap rejects it; their pages are served from
 * the snapshot.
 */
public final class EngineRun {
    /** Unlimited pool: budget for every page stored raw twice over, plus the allocator's slack. */
    private static final long UNLIMITED_SLACK = 64L << 20;
    /** The pool limit is this share of the memory budget; the rest is the allocator's hard cap. */
    private static final int LIMITED_POOL_PERCENT = 20;

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

    /**
     * Progress units of a run: pages stored and loaded in every pass of the plan, then pages swept (the
     * warm-up passes that wait for the JIT to go quiet are not counted).
     */
    public long progressUnits() {
        return plan().total() * (snapshot.pageCount() + loads()) + snapshot.pageCount();
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
        int folios = layout.folioCount();
        // Every folio's run of entries, allocated before the first pass; then threads take a chunk of one
        // cluster at a time (ClusterChunks), so that two seldom share a cluster's lock or descriptors.
        long[] entryOfFolio = new long[folios];
        for (int f = 0; f < folios; f++) {
            entryOfFolio[f] = engine.allocateEntries(layout.nrPages(f));
        }
        long[] entryOfPage = new long[pages];
        int[] loadedInPass = new int[pages];
        Arrays.fill(loadedInPass, -1);
        ByteBuffer poison = ByteBuffer.allocateDirect(PageSnapshot.PAGE_SIZE);
        ByteBuffer restored = PageSource.allocatePages(pages);
        for (int p = 0; p < PageSnapshot.PAGE_SIZE; p++) {
            poison.put(p, PageWorker.POISON);
        }
        for (int p = 0; p < pages; p++) {
            restored.put(p * PageSnapshot.PAGE_SIZE, poison, 0, PageSnapshot.PAGE_SIZE);
        }
        List<PageWorker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new PageWorker(engine, snapshot, entryOfFolio, entryOfPage, loadedInPass, restored, poison));
        }
        PassPlan.Passes passes = plan().start();
        Throughput.Recorder speeds = new Throughput.Recorder(passes);
        ClusterChunks chunks = ClusterChunks.of(layout, entryOfFolio, engine.config().clusterSize());
        try (PhaseThreads phases = new PhaseThreads(threads, "zswap-run")) {
            ZswapStats stored = null;
            ZswapStats beforeRecompress = null;
            for (int pass = 0; passes.next(); pass++) {
                if (passes.isFirstSteady()) {
                    workers.forEach(PageWorker::startSteady);
                }
                workers.forEach(PageWorker::beginPass);
                AtomicInteger nextStore = new AtomicInteger();
                PhaseTime storeTime = phases.run(t -> {
                    for (int k = nextStore.getAndIncrement(); k < chunks.count(); k = nextStore.getAndIncrement()) {
                        workers.get(t).store(layout, chunks.folios(k));
                    }
                });
                progress.advance(passes.isBeyondPlan() ? 0 : pages);
                boolean last = passes.isLast();
                if (settings.recompressor().isPresent()) {
                    // zram's way: mark everything idle, then recompress the idle pages (untimed). Compacted
                    // first, as zram's pool is: each pass stores over the last one's recompressed objects, and
                    // the holes they leave behind are this loop's, not the first compressor's.
                    engine.compact();
                    if (last) {
                        beforeRecompress = engine.stats();
                    }
                    engine.markIdle();
                    engine.recompress(true, Long.MAX_VALUE);
                }
                if (last) {
                    stored = beforeRecompress == null ? engine.stats()
                            : lastRecompression(engine.stats(), beforeRecompress);
                }
                AccessOrder[] orders = orders(chunks);
                AtomicInteger nextLoad = new AtomicInteger();
                int thisPass = pass;
                PhaseTime loadTime = phases.run(t -> {
                    for (int k = nextLoad.getAndIncrement(); k < chunks.count(); k = nextLoad.getAndIncrement()) {
                        workers.get(t).load(orders[k], chunks.pages(k), chunks.loads(k, loads()), thisPass);
                    }
                });
                progress.advance(passes.isBeyondPlan() ? 0 : loads());
                phases.run(t -> workers.get(t).verify(phases.share(pages, t), phases.share(pages, t + 1),
                        thisPass));
                long engineLoads = workers.stream().mapToLong(w -> w.engineLoads).sum();
                speeds.pass(snapshot.bytes(), storeTime, engineLoads * PageSnapshot.PAGE_SIZE, loadTime);
            }
            phases.run(t -> workers.get(t).sweep(phases.share(pages, t), phases.share(pages, t + 1)));
            progress.advance(pages);
            return result(engine, workers, poolLimit, backingFile, stored, beforeRecompress, speeds.throughput());
        }
    }

    private PassPlan plan() {
        return PassPlan.of(snapshot.pageCount(), settings.passes());
    }

    /**
     * The access order of each chunk over its own pages, made before the timed loads (the same for any
     * number of threads: seeded by the chunk).
     */
    private AccessOrder[] orders(ClusterChunks chunks) {
        AccessOrder[] orders = new AccessOrder[chunks.count()];
        for (int k = 0; k < chunks.count(); k++) {
            orders[k] = settings.access().order(chunks.pages(k).length, settings.seed() * 31 + k);
        }
        return orders;
    }

    /**
     * The counters with the recompression ones of the last pass alone: every pass stores the pages anew and
     * recompresses them again, so the engine's own counts add up over the passes.
     */
    private static ZswapStats lastRecompression(ZswapStats end, ZswapStats before) {
        return new ZswapStats(c -> c == ZswapCounter.RECOMPRESSED_PAGES || c == ZswapCounter.RECOMPRESSED_BYTES_SAVED
                ? end.get(c) - before.get(c) : end.get(c), end.compressor(), end.batchesPerContext());
    }

    private RunResult result(ZswapEngine engine, List<PageWorker> workers, long poolLimit, Path backingFile,
            ZswapStats stored, ZswapStats beforeRecompress, Throughput speeds) {
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
                settings.threads(), settings.access(), poolLimit, backingFile == null ? null : backingFile.toString(),
                stored, beforeRecompress, engine.stats(), speeds, engineLoads, callerLoads, swept, storeLatency,
                loadLatency, rejected, mismatches, failures, firstProblem, ProcessHandle.current().pid());
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
