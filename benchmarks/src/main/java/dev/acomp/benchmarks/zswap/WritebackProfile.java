package dev.acomp.benchmarks.zswap;

import static dev.acomp.zswap.ZswapCounter.BACKING_FILE_BYTES_WRITTEN;
import static dev.acomp.zswap.ZswapCounter.BD_READS;
import static dev.acomp.zswap.ZswapCounter.WB_READ_STALE;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_RAW_BYTES;

import dev.acomp.testing.HookedChannel;
import dev.acomp.zswap.PoolLimitPolicy;
import dev.acomp.zswap.WritebackResult;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapStats;
import dev.acomp.zswap.writeback.BackingFileConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Compressed writeback on the memory image, with a backing file and a pool limit far below the image:
 * <ol>
 * <li>rounds of: store every page (the shrinker writes back synchronously once the pool is over its
 * limit), then write back whatever is left in memory, then invalidate everything; stores and explicit
 * writeback timed per round;</li>
 * <li>bytes written to the backing file against the page bytes they stand for, beside raw lz4's ratio
 * on the same pages (1 / compression ratio), and the same pages written raw to a file, timed;</li>
 * <li>load latency of written-back pages, {@code loadAsync(..).join()} and {@code load}, one at a time,
 * in random order, each checked against the original page.</li>
 * </ol>
 * Arguments: the directory for the files (default {@code /tmp}), then {@code aes-gcm} (default) or
 * {@code crc32c}: how the records are sealed, to measure what encryption costs on the same build. The
 * file is read through the page cache.
 */
public final class WritebackProfile {
    private static final long MEMORY_BUDGET = 16L << 20;
    /** 1.6 MiB of pool for about 9 MiB of compressed pages. */
    private static final int MAX_POOL_PERCENT = 10;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 11;
    private static final int WARMUP_LOADS = 20_000;
    private static final int LOADS = 50_000;
    private static final int SECTOR = BackingFileConfig.DEFAULT_SECTOR_SIZE;

    private final ByteBuffer[] pages;
    private final int pageSize;
    /** Indices of the pages that are written back (every page but same-filled ones). */
    private final int[] writable;

    private WritebackProfile(ByteBuffer[] pages) {
        this.pages = pages;
        this.pageSize = pages[0].capacity();
        this.writable = IntStream.range(0, pages.length).filter(i -> !isSameFilled(pages[i]))
                .toArray();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
        String sealing = args.length > 1 ? args[1] : "aes-gcm";
        if (!sealing.equals("aes-gcm") && !sealing.equals("crc32c")) {
            throw new IllegalArgumentException("records are sealed with aes-gcm or crc32c, not " + sealing);
        }
        WritebackProfile profile = new WritebackProfile(EnginePages.memoryImage());
        long pid = ProcessHandle.current().pid();
        profile.engineRun(dir.resolve("acomp-writeback-" + pid + ".img"), sealing.equals("aes-gcm"));
        profile.rawRun(dir.resolve("acomp-raw-writeback-" + pid + ".img"));
    }

    private void engineRun(Path file, boolean encrypted) {
        // Whole sectors the records take on the file, counted as they are written.
        LongAdder sectorBytes = new LongAdder();
        HookedChannel.Hooks hooks = new HookedChannel.Hooks();
        hooks.writeFilter = (offset, src) -> {
            sectorBytes.add((src.remaining() + SECTOR - 1) / SECTOR * SECTOR);
            return src.remaining();
        };
        ZswapConfig config = ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(MEMORY_BUDGET)
                .maxPoolPercent(MAX_POOL_PERCENT).backingFile(file).backingFileBytes(64L << 20)
                .backingFileEncrypted(encrypted).backingFileDecorator(hooks::wrap)
                .poolLimitPolicy(PoolLimitPolicy.WRITEBACK).build();
        System.out.printf("engine: %s%n", config);
        try (ZswapEngine engine = ZswapEngine.create(config)) {
            long[] entries = EnginePages.allocateEntries(engine, pages.length);
            long[] storeNs = new long[ROUNDS];
            long[] writebackNs = new long[ROUNDS];
            long[] writebackPages = new long[ROUNDS];
            for (int r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
                if (r > -WARMUP_ROUNDS) {
                    for (long e : entries) {
                        engine.invalidate(e);
                    }
                }
                long t0 = System.nanoTime();
                EnginePages.storeAll(engine, entries, pages);
                long t1 = System.nanoTime();
                WritebackResult result = engine.writeback(Long.MAX_VALUE);
                long t2 = System.nanoTime();
                if (r >= 0) {
                    storeNs[r] = t1 - t0;
                    writebackNs[r] = t2 - t1;
                    writebackPages[r] = result.pages();
                }
            }
            ZswapStats s = engine.stats();
            long storeMedian = median(storeNs);
            System.out.printf("store of %d pages under a %d-byte pool limit (shrinker writing back): median %.1f ms"
                    + " = %.0f pages/s%n", pages.length, config.maxPoolBytes(), storeMedian / 1e6,
                    pages.length * 1e9 / storeMedian);
            double[] rates = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                rates[r] = writebackPages[r] * 1e9 / writebackNs[r];
            }
            Arrays.sort(rates);
            System.out.printf("explicit writeback of what is left in memory: %d pages, median %.0f pages/s%n",
                    writebackPages[ROUNDS - 1], rates[ROUNDS / 2]);
            System.out.printf("written back in all rounds: %d pages (%d by writeback(), the rest by the shrinker)%n",
                    s.get(WRITTEN_BACK_PAGES), Arrays.stream(writebackPages).sum());
            System.out.printf("backing file bytes written %d for %d page bytes: %.4f (raw writeback: 1.0000)%n",
                    s.get(BACKING_FILE_BYTES_WRITTEN), s.get(WRITTEN_BACK_RAW_BYTES),
                    (double) s.get(BACKING_FILE_BYTES_WRITTEN) / s.get(WRITTEN_BACK_RAW_BYTES));
            System.out.printf("per written-back page: %.1f record bytes, %.1f bytes of whole %d-byte sectors%n",
                    (double) s.get(BACKING_FILE_BYTES_WRITTEN) / s.get(WRITTEN_BACK_PAGES),
                    sectorBytes.doubleValue() / s.get(WRITTEN_BACK_PAGES), SECTOR);
            System.out.printf("raw lz4 on the same pages: 1 / compression ratio = %.4f%n", lz4Ratio());
            System.out.printf("stats: %s%n", s);
            latencies("loadAsync(..).join()", entries, (e, page) -> engine.loadAsync(e, page).join());
            latencies("load", entries, engine::load);
            ZswapStats after = engine.stats();
            System.out.printf("bd_reads %d, wb_read_stale %d%n", after.get(BD_READS), after.get(WB_READ_STALE));
        }
    }

    /** The same pages written raw, a page per positional write, as a writeback without compression would. */
    private void rawRun(Path file) throws IOException {
        ByteBuffer page = ByteBuffer.allocateDirect(pageSize);
        double[] rates = new double[ROUNDS];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            for (int r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < writable.length; k++) {
                    page.clear().put(0, pages[writable[k]], 0, pageSize);
                    long offset = (long) k * pageSize;
                    while (page.hasRemaining()) {
                        channel.write(page, offset + page.position());
                    }
                }
                long ns = System.nanoTime() - t0;
                if (r >= 0) {
                    rates[r] = writable.length * 1e9 / ns;
                }
            }
        }
        Arrays.sort(rates);
        System.out.printf("raw writeback of the same %d pages: %d bytes, median %.0f pages/s%n", writable.length,
                (long) writable.length * pageSize, rates[ROUNDS / 2]);
    }

    /** Times {@code load} of random written-back pages, one at a time; prints percentiles. */
    private void latencies(String what, long[] entries, BiConsumer<Long, ByteBuffer> load) {
        ByteBuffer page = ByteBuffer.allocateDirect(pageSize);
        SplittableRandom random = new SplittableRandom(42);
        long[] ns = new long[LOADS];
        for (int n = -WARMUP_LOADS; n < LOADS; n++) {
            int i = writable[random.nextInt(writable.length)];
            long t0 = System.nanoTime();
            load.accept(entries[i], page);
            long t = System.nanoTime() - t0;
            if (page.mismatch(pages[i]) >= 0) {
                throw new IllegalStateException(what + " of page " + i + " returned other bytes");
            }
            if (n >= 0) {
                ns[n] = t;
            }
        }
        Arrays.sort(ns);
        System.out.printf("%s of a written-back page, %d loads: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n",
                what, LOADS, ns[LOADS / 2] / 1e3, ns[LOADS * 9 / 10] / 1e3, ns[LOADS * 99 / 100] / 1e3,
                ns[LOADS - 1] / 1e3);
    }

    /** Raw lz4's compressed bytes over page bytes for the pages written back (a page is at most a page). */
    private double lz4Ratio() {
        LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
        ByteBuffer out = ByteBuffer.allocateDirect(compressor.maxCompressedLength(pageSize));
        long compressed = 0;
        for (int i : writable) {
            compressed += Math.min(pageSize, compressor.compress(pages[i], 0, pageSize, out, 0, out.capacity()));
        }
        return (double) compressed / ((long) writable.length * pageSize);
    }

    /** A page of one repeated 8-byte word, which the engine keeps as a fill value and never writes back. */
    private static boolean isSameFilled(ByteBuffer page) {
        long word = page.getLong(0);
        for (int p = 8; p < page.capacity(); p += 8) {
            if (page.getLong(p) != word) {
                return false;
            }
        }
        return true;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
