package dev.acomp.cli.soak;

import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.PoolLimitPolicy;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapException;
import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapStats;
import dev.acomp.zswap.writeback.BackingFileIoException;
import dev.acomp.zswap.writeback.CorruptRecordException;
import dev.acomp.zswap.writeback.WritebackException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every operation of the engine at once, on one engine, under injected faults: worker threads store,
 * load, load asynchronously and invalidate their own entries, checking every load against a model of
 * what each entry must hold (a page version, or nothing); beside them threads run the shrinker, idle,
 * huge and cold writeback, compaction and compressor switches, and inject faults on the backing file and
 * the driver. At the end every entry is loaded once more without faults, then invalidated, and the pool,
 * the file and direct memory must be back where they started.
 */
public final class Soak {
    /** What must be back to zero once every entry is invalidated. */
    private static final List<ZswapCounter> LEFT_OVER = List.of(ZswapCounter.STORED_PAGES,
            ZswapCounter.POOL_TOTAL_SIZE, ZswapCounter.BD_COUNT);
    /** The engine's counters the report shows. */
    private static final List<ZswapCounter> REPORTED = List.of(ZswapCounter.WRITTEN_BACK_PAGES, ZswapCounter.BD_READS,
            ZswapCounter.WB_READ_CORRUPT, ZswapCounter.WB_READ_STALE, ZswapCounter.REJECT_RECLAIM_FAIL,
            ZswapCounter.POOL_LIMIT_HIT, ZswapCounter.REJECT_COMPRESS_FAIL, ZswapCounter.REJECT_ALLOC_FAIL,
            ZswapCounter.DECOMPRESS_FAIL);

    /** Entries per worker: four clusters, 8 MiB of pages. */
    private static final int ENTRIES_PER_WORKER = 2048;
    private static final int CLUSTER = 512;
    private static final int MAX_FOLIO = 4;
    /** A pool limit of 3.2 MiB: most pages are written back. */
    private static final long MEMORY_BUDGET = 32L << 20;
    private static final int MAX_POOL_PERCENT = 10;
    /** Small enough to fill up now and then. */
    private static final long FILE_BYTES = 6L << 20;
    /** An operation or thread that takes this long has hung. */
    private static final long HANG_SECONDS = 60;
    private static final String[] OTHER_DRIVERS = {"lz4-generic", "zstd-generic", "deflate-generic"};

    /** What to run. */
    public record Settings(long seconds, int threads, String driver, Path dir, long seed, AcompRegistry registry,
            DriverFaults driverFaults) {
    }

    private final Settings settings;
    private final PrintStream progress;
    private final FileFaults fileFaults = new FileFaults();
    private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> typedErrors = new ConcurrentHashMap<>();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicReference<String> firstWrong = new AtomicReference<>();
    private final AtomicLong untyped = new AtomicLong();
    private final AtomicReference<String> firstUntyped = new AtomicReference<>();
    private final List<String> hangs = new ArrayList<>();
    private volatile boolean stopping;
    private ZswapEngine engine;
    private Path file;

    private Soak(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs a soak; progress lines go to {@code progress}. */
    public static SoakResult run(Settings settings, PrintStream progress) {
        return new Soak(settings, progress).run();
    }

    private SoakResult run() {
        warmUp();
        long directBefore = directMemory();
        Map<String, Long> leftOver = new LinkedHashMap<>();
        Map<String, Long> engineCounters = new LinkedHashMap<>();
        exercise(leftOver, engineCounters);
        if (hangs.isEmpty()) {
            leftOver.put("direct_bytes", Math.max(0, directAfterGc(directBefore) - directBefore));
        }
        Map<String, Long> faults = new LinkedHashMap<>(fileFaults.injected());
        if (settings.driverFaults() != null) {
            faults.putAll(settings.driverFaults().injected());
        }
        return new SoakResult(settings.seconds(), settings.threads(), settings.driver(), sums(operations), faults,
                sums(typedErrors), wrong.get(), firstWrong.get(), untyped.get(), firstUntyped.get(), hangs, leftOver,
                engineCounters);
    }

    private ZswapConfig config(Path backingFile) {
        return ZswapConfig.builder().registry(settings.registry()).compressor(settings.driver())
                .contexts(settings.threads()).memoryBudgetBytes(MEMORY_BUDGET).maxPoolPercent(MAX_POOL_PERCENT)
                .backingFile(backingFile).backingFileBytes(FILE_BYTES).backingFileDecorator(fileFaults.hooks::wrap)
                .poolLimitPolicy(PoolLimitPolicy.REJECT).build();
    }

    /**
     * One small engine through every driver and kind of page before the direct memory baseline is taken,
     * so what the JDK and the drivers keep once for the process is not counted as left over.
     */
    private void warmUp() {
        fileFaults.pause(true);
        try (ZswapEngine warm = ZswapEngine.create(config(settings.dir().resolve("zswap-soak-warm-up-"
                + ProcessHandle.current().pid() + ".img")))) {
            long first = warm.allocateEntries(64);
            ByteBuffer page = ByteBuffer.allocateDirect(SoakPages.PAGE_SIZE);
            for (int i = 0; i < 64; i++) {
                if (i % 16 == 0) {
                    warm.switchCompressor(i == 0 ? settings.driver() : OTHER_DRIVERS[i / 16 - 1]);
                }
                SoakPages.fill(page.clear(), i, 1);
                warm.store(first + i, page, 1);
            }
            warm.writeback(Long.MAX_VALUE);
            for (int i = 0; i < 64; i++) {
                warm.loadAsync(first + i, page.clear()).join();
                warm.load(first + i, page.clear());
            }
            warm.freeEntries(first, 64);
        } finally {
            fileFaults.pause(false);
        }
    }

    /** The soak itself, on its own engine; fills the counters left over at the end and the engine's. */
    private void exercise(Map<String, Long> leftOver, Map<String, Long> engineCounters) {
        file = settings.dir().resolve("zswap-soak-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".img");
        engine = ZswapEngine.create(config(file));
        try {
            List<Worker> workers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < settings.threads(); w++) {
                Worker worker = new Worker(w);
                workers.add(worker);
                threads.add(new Thread(worker, "soak-worker-" + w));
            }
            threads.add(background("soak-shrink", 5, r -> {
                engine.shrink();
                count("shrink");
            }));
            threads.add(background("soak-writeback", 20, this::explicitWriteback));
            threads.add(background("soak-compact", 10, r -> {
                engine.compact();
                count("compact");
            }));
            threads.add(background("soak-switch", 200, this::switchCompressor));
            threads.add(background("soak-faults", 5, this::injectFaults));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.seconds());
            for (Thread t : threads) {
                t.setDaemon(true);
                t.start();
            }
            while (System.nanoTime() < deadline) {
                sleep(Math.min(10_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() < deadline) {
                    progress.println("soak: " + engine.stats().get(ZswapCounter.STORED_PAGES) + " pages stored, "
                            + operations.values().stream().mapToLong(LongAdder::sum).sum() + " operations, "
                            + wrong.get() + " wrong");
                }
            }
            stopping = true;
            for (Thread t : threads) {
                join(t);
            }
            fileFaults.disarm();
            if (settings.driverFaults() != null) {
                settings.driverFaults().disarm();
            }
            if (hangs.isEmpty()) {
                for (Worker w : workers) {
                    w.finish();
                }
                engine.compact();
                ZswapStats s = engine.stats();
                for (ZswapCounter c : LEFT_OVER) {
                    leftOver.put(c.zswapName(), s.get(c));
                }
                for (ZswapCounter c : REPORTED) {
                    engineCounters.put(c.zswapName(), s.get(c));
                }
            }
        } finally {
            if (hangs.isEmpty()) {
                engine.close();
                // Unreachable now, so the direct memory it held can be collected and measured.
                engine = null;
            }
        }
    }

    /** One worker: its own entries, their model (a version per entry, 0 for nothing), its own random. */
    private final class Worker implements Runnable {
        final long[] entries = new long[ENTRIES_PER_WORKER];
        final int[] version = new int[ENTRIES_PER_WORKER];
        final int[] nextVersion = new int[ENTRIES_PER_WORKER];
        /** The last load failed its check on the file: the entry is kept, and every load fails so. */
        final boolean[] damaged = new boolean[ENTRIES_PER_WORKER];
        final SplittableRandom random;
        final ByteBuffer folio = ByteBuffer.allocateDirect(MAX_FOLIO * SoakPages.PAGE_SIZE);
        final ByteBuffer page = ByteBuffer.allocateDirect(SoakPages.PAGE_SIZE);
        final ByteBuffer expected = ByteBuffer.allocateDirect(SoakPages.PAGE_SIZE);

        Worker(int id) {
            random = new SplittableRandom(settings.seed() * 31 + id);
            for (int k = 0; k < ENTRIES_PER_WORKER; k += CLUSTER) {
                long first = engine.allocateEntries(CLUSTER);
                for (int i = 0; i < CLUSTER; i++) {
                    entries[k + i] = first + i;
                }
            }
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    int k = random.nextInt(ENTRIES_PER_WORKER);
                    int op = random.nextInt(100);
                    if (op < 30) {
                        store(k);
                    } else if (op < 60) {
                        load(k, false);
                    } else if (op < 85) {
                        load(k, true);
                    } else {
                        invalidate(k);
                    }
                }
            } catch (RuntimeException | Error e) {
                untyped(Thread.currentThread().getName(), e);
            }
        }

        void store(int k) {
            int runEnd = (k / CLUSTER + 1) * CLUSTER;
            int nr = Math.min(1 + random.nextInt(MAX_FOLIO), runEnd - k);
            int[] versions = new int[nr];
            for (int j = 0; j < nr; j++) {
                versions[j] = ++nextVersion[k + j];
                SoakPages.fill(folio.clear().position(j * SoakPages.PAGE_SIZE), entries[k + j], versions[j]);
            }
            boolean stored = engine.store(entries[k], folio.clear(), nr);
            count(stored ? "store" : "store_rejected");
            for (int j = 0; j < nr; j++) {
                version[k + j] = stored ? versions[j] : 0;
                damaged[k + j] = false;
            }
        }

        void load(int k, boolean async) {
            for (int p = 0; p < SoakPages.PAGE_SIZE; p += 8) {
                page.putLong(p, 0x5a5a5a5a5a5a5a5aL);
            }
            long e = entries[k];
            String what = (async ? "loadAsync" : "load") + " of entry " + e;
            Throwable failure = null;
            try {
                if (async) {
                    engine.loadAsync(e, page.clear()).get(HANG_SECONDS, TimeUnit.SECONDS);
                } else {
                    engine.load(e, page.clear());
                }
            } catch (ExecutionException x) {
                failure = x.getCause();
            } catch (TimeoutException x) {
                synchronized (hangs) {
                    hangs.add(what + " did not complete in " + HANG_SECONDS + " s");
                }
                return;
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(x);
            } catch (RuntimeException x) {
                failure = x;
            }
            count(async ? "load_async" : "load");
            check(k, what, failure);
        }

        /** Checks one load's outcome against the model. */
        void check(int k, String what, Throwable failure) {
            int v = version[k];
            if (failure == null) {
                if (v == 0) {
                    wrong(what + " returned a page where nothing is stored");
                } else if (!SoakPages.matches(page.clear(), expected, entries[k], v)) {
                    wrong(what + " returned other bytes than version " + v + (damaged[k] ? " (damaged)" : ""));
                } else if (damaged[k]) {
                    count("damaged_entry_read_right");
                }
                return;
            }
            if (failure instanceof ZswapException.EntryNotFoundException) {
                if (v != 0) {
                    wrong(what + ": version " + v + " lost (entry not found)");
                }
                return;
            }
            boolean typed = failure instanceof WritebackException || failure instanceof ZswapException;
            if (!typed) {
                untyped(what, failure);
                return;
            }
            if (v == 0) {
                wrong(what + ": nothing stored, but " + failure);
                return;
            }
            typedErrors.computeIfAbsent(failure.getClass().getSimpleName(), n -> new LongAdder()).increment();
            if (failure instanceof CorruptRecordException) {
                damaged[k] = true;
            } else if (damaged[k] && !(failure instanceof BackingFileIoException)) {
                wrong(what + ": damaged entry failed otherwise: " + failure);
            }
            for (int p = 0; p < SoakPages.PAGE_SIZE; p += 8) {
                if (page.getLong(p) != 0) {
                    wrong(what + ": failed with " + failure.getClass().getSimpleName() + " and left the page unzeroed");
                    return;
                }
            }
        }

        void invalidate(int k) {
            boolean had = engine.invalidate(entries[k]);
            count("invalidate");
            if (had != (version[k] != 0)) {
                wrong("invalidate of entry " + entries[k] + " returned " + had + ", model has version " + version[k]);
            }
            version[k] = 0;
            damaged[k] = false;
        }

        /** Faults off: every entry loaded once more and checked, then invalidated and freed. */
        void finish() {
            for (int k = 0; k < ENTRIES_PER_WORKER; k++) {
                load(k, k % 2 == 1);
                invalidate(k);
            }
            for (int k = 0; k < ENTRIES_PER_WORKER; k += CLUSTER) {
                engine.freeEntries(entries[k], CLUSTER);
            }
        }
    }

    private void explicitWriteback(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                engine.markIdle();
                count("mark_idle");
            }
            case 1 -> {
                engine.writebackIdle();
                count("writeback_idle");
            }
            case 2 -> {
                engine.writebackHuge();
                count("writeback_huge");
            }
            default -> {
                engine.writeback(256 << 10);
                count("writeback_cold");
            }
        }
    }

    private int switches;

    private void switchCompressor(SplittableRandom random) {
        switches++;
        String next = switches % 2 == 0 ? settings.driver() : OTHER_DRIVERS[(switches / 2) % OTHER_DRIVERS.length];
        engine.switchCompressor(next);
        count("switch_compressor");
    }

    private void injectFaults(SplittableRandom random) {
        if (settings.driverFaults() != null) {
            settings.driverFaults().inject(random);
        }
        if (random.nextInt(10) == 0) {
            try {
                fileFaults.corrupt(file, random);
            } catch (IOException e) {
                untyped("stray writer", e);
            }
        }
    }

    /** A thread that runs {@code step} every {@code periodMs} until the soak stops. */
    private Thread background(String name, long periodMs, java.util.function.Consumer<SplittableRandom> step) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ name.hashCode());
        Thread t = new Thread(() -> {
            try {
                while (!stopping) {
                    step.accept(random);
                    sleep(periodMs);
                }
            } catch (RuntimeException | Error e) {
                untyped(name, e);
            }
        }, name);
        return t;
    }

    private void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            StackTraceElement[] stack = t.getStackTrace();
            synchronized (hangs) {
                hangs.add(t.getName() + " still running " + HANG_SECONDS + " s after the end, at "
                        + Arrays.toString(Arrays.copyOf(stack, Math.min(6, stack.length))));
            }
        }
    }

    private void count(String op) {
        operations.computeIfAbsent(op, n -> new LongAdder()).increment();
    }

    private void wrong(String what) {
        wrong.incrementAndGet();
        if (firstWrong.compareAndSet(null, what)) {
            progress.println("soak: WRONG: " + what);
        }
    }

    private void untyped(String where, Throwable e) {
        untyped.incrementAndGet();
        if (firstUntyped.compareAndSet(null, where + ": " + e)) {
            progress.println("soak: untyped error in " + where + ": " + e);
            e.printStackTrace(progress);
        }
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes of direct buffers the JVM holds. */
    static long directMemory() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    /** Direct memory once the buffers released are collected (up to a few GCs), or what is left. */
    static long directAfterGc(long target) {
        long now = directMemory();
        for (int i = 0; i < 20 && now > target; i++) {
            System.gc();
            sleep(100);
            now = directMemory();
        }
        return now;
    }
}
