package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.JsonWriter;
import dev.acomp.cli.Option;
import dev.acomp.cli.Options;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.Percentiles;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.run.PoolLimit;
import dev.acomp.cli.usemem.MemoryUnavailableException;
import dev.acomp.cli.usemem.Usemem;
import dev.acomp.zswap.memory.CompressedMemory;
import dev.acomp.zswap.memory.CompressedMemoryConfig;
import dev.acomp.zswap.memory.UserfaultfdUnavailableException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code zswap usemem}: the workload of the IAA batching series on a {@link CompressedMemory} region (or, with
 * {@code --plain}, on plain anonymous memory, to run under the kernel's zswap): fill, read-and-modify passes
 * under the resident limit, every page verified at the end.
 */
public final class UsememCommand implements Command {
    private static final Option<Long> SIZE = Option.text("--size", "SIZE", "the memory's size, e.g. 256M (binary"
            + " units), a whole number of 4 KiB pages").as(UsememCommand::pages).required();
    private static final Option<String> RESIDENT = Option.text("--resident", "SIZE|PCT",
            "the resident limit, or a share of --size; at least 256K").otherwise("25%");
    private static final Option<Path> CONTENT = Option.path("--content", "FILE|DIR", "what the pages hold, cycled")
            .required();
    private static final Option<Integer> THREADS = Option.number("--threads", "threads, each on its share of the"
            + " pages", 1, 1024).otherwise(2);
    private static final Option<Integer> PASSES = Option.number("--passes", "read-and-modify passes; the"
            + " throughput is their median", 1, 512).otherwise(3);
    private static final Option<String> ACCESS = Option.text("--access", "seq|random",
            "the order of each thread's pages in a pass").as(UsememCommand::access).otherwise("seq");
    private static final Option<String> DRIVER = Option.text("--driver", "NAME",
            "the compressor: lz4, zstd, deflate, lzo (a plugin), or a driver").otherwise("lz4");
    private static final Option<Integer> EVICTION_THREADS = Option.number("--eviction-threads",
            "the region's threads compressing evicted pages (default: the region's)", 1, 64);
    private static final Option<Integer> READAHEAD = Option.number("--readahead", "the most evicted neighbours a"
            + " fault reads with its page; the window adapts below it (default: the region's)", 0, 63);
    private static final Option<Boolean> PLAIN = Option.flag("--plain",
            "plain anonymous memory instead of a region (run it under the kernel's zswap)");
    private static final Options OPTIONS = Options.of(SIZE, RESIDENT, CONTENT, THREADS, PASSES, ACCESS, DRIVER,
            EVICTION_THREADS, READAHEAD, CommonOptions.JSON, PLAIN);

    private final AcompRegistry registry;

    public UsememCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "usemem";
    }

    @Override
    public String summary() {
        return "a service's memory, compressed transparently under a resident limit: MB/s, fault latency, memory used";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments a = OPTIONS.parse(name(), args).checkAll();
        long size = a.get(SIZE);
        long resident = resident(a.get(RESIDENT), size);
        int threads = a.get(THREADS);
        int passes = a.get(PASSES);
        String access = a.get(ACCESS);
        boolean random = access.equals("random");
        boolean plain = a.get(PLAIN);
        long available = Usemem.availableBytes();
        if (!plain && resident > available) {
            // The region keeps that much resident: past what the machine has, the kernel's OOM killer ends the run.
            throw new UsageException(name() + ": --resident " + (resident >> 20) + " MiB is more than the "
                    + (available >> 20) + " MiB this machine has available (MemAvailable): a smaller --resident or"
                    + " --size");
        }
        try {
            Usemem.requireWorkloadFits(size, threads, random);
        } catch (MemoryUnavailableException e) {
            throw sizeRefused(e);
        }
        String driver = a.get(DRIVER);
        if (!plain) {
            driver = CommonOptions.requireDriver(name(), registry, DRIVER, driver).name();
        }
        CommonOptions.checkOutput(name(), a, CommonOptions.JSON);
        byte[][] content = content(a.get(CONTENT));

        Usemem.Result r;
        String mode;
        try {
            if (plain) {
                mode = "plain memory";
                r = Usemem.run(null, size, content, threads, passes, random);
            } else {
                CompressedMemoryConfig.Builder config = CompressedMemoryConfig.builder().sizeBytes(size)
                        .residentLimitBytes(resident).registry(registry).compressor(driver);
                if (a.has(EVICTION_THREADS)) {
                    config.evictionThreads(a.get(EVICTION_THREADS));
                }
                if (a.has(READAHEAD)) {
                    config.readaheadPages(a.get(READAHEAD));
                }
                try (CompressedMemory region = region(config.build())) {
                    mode = "region, " + region.driver();
                    r = Usemem.run(region, size, content, threads, passes, random);
                }
            }
        } catch (UserfaultfdUnavailableException e) {
            terminal.err().println("zswap usemem: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (MemoryUnavailableException e) {
            throw sizeRefused(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE;
        }
        print(terminal, mode, size, resident, threads, access, r);
        String json = json(plain ? "plain" : driver, size, resident, threads, passes, access, r);
        if (!CommonOptions.write(name(), a, CommonOptions.JSON, json, terminal)) {
            return ExitCode.FAILURE;
        }
        if (r.mismatchedPages() > 0) {
            terminal.err().println("zswap usemem: " + r.mismatchedPages() + " pages came back different");
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    /**
     * The region of {@code config}; one this machine cannot make at that size (the region's memory, its page
     * table), or for a compressor the fault threads cannot decompress, is a wrong command line.
     */
    private CompressedMemory region(CompressedMemoryConfig config) {
        try {
            return CompressedMemory.create(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name() + ": " + DRIVER.name() + " " + config.compressor() + ": " + e.getMessage(),
                    e);
        } catch (IllegalStateException e) {
            throw sizeRefused(e);
        }
    }

    /** A --size this machine cannot give memory for: the region's or the plain memory's. */
    private UsageException sizeRefused(RuntimeException e) {
        return new UsageException(name() + ": " + SIZE.name() + ": " + e.getMessage(), e);
    }

    /** A size that is a whole number of pages; the converter of --size. */
    private static long pages(String v) {
        try {
            PoolLimit p = PoolLimit.parse(v);
            if (p.percent() == 0 && p.bytes() > 0 && p.bytes() % PageSource.PAGE_SIZE == 0) {
                return p.bytes();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("needs a whole number of 4 KiB pages such as 256M, got '" + v + "'");
    }

    private static String access(String v) {
        if (v.equals("seq") || v.equals("random")) {
            return v;
        }
        throw new IllegalArgumentException("needs seq or random, got '" + v + "'");
    }

    private long resident(String v, long size) {
        try {
            long bytes = PoolLimit.parse(v).bytesFor(size) / PageSource.PAGE_SIZE * PageSource.PAGE_SIZE;
            if (bytes >= 64L * PageSource.PAGE_SIZE) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException(name() + ": --resident must be a size such as 64M or a share such as 25%, of at"
                + " least 256K, not '" + v + "'");
    }

    private byte[][] content(Path path) {
        PageSource source = CommonOptions.pages(name(), CONTENT, path);
        byte[][] pages = new byte[source.pageCount()][PageSource.PAGE_SIZE];
        for (int i = 0; i < pages.length; i++) {
            source.page(i).get(pages[i]);
        }
        return pages;
    }

    private static void print(Terminal t, String mode, long size, long resident, int threads, String access,
            Usemem.Result r) {
        t.out().printf(Locale.ROOT, "usemem on %s: %d MiB, resident limit %d MiB, %d threads, %s access%n", mode,
                size >> 20, resident >> 20, threads, access);
        double[] mbs = r.passMbPerSecond();
        for (int i = 0; i < mbs.length; i++) {
            t.out().printf(Locale.ROOT, "  pass %d: %.1f MB/s%n", i + 1, mbs[i]);
        }
        t.out().printf(Locale.ROOT, "throughput %.1f MB/s (median pass)%n", Percentiles.median(mbs));
        if (r.evictions() >= 0) {
            t.out().printf(Locale.ROOT, "faults %d (zero fills %d, loads %d), evictions %d, clean drops %d,"
                    + " readahead %d pages (%d used)%n", r.faults(), r.zeroFills(), r.loads(), r.evictions(),
                    r.cleanDrops(), r.readaheadPages(), r.readaheadHits());
            t.out().printf(Locale.ROOT, "fault service p50 %d us, p99 %d us, p99.9 %d us; compression ratio %.2f%n",
                    r.faultP50Micros(), r.faultP99Micros(), r.faultP999Micros(), r.compressionRatio());
        } else {
            t.out().printf(Locale.ROOT, "page faults %d (the process's, minor and major)%n", r.faults());
        }
        t.out().printf(Locale.ROOT, "memory used %d MiB of %d MiB (%.0f%%)%n", r.memoryUsedBytes() >> 20, size >> 20,
                100.0 * r.memoryUsedBytes() / size);
        t.out().println(r.mismatchedPages() == 0 ? "verified: every page" : "MISMATCH: " + r.mismatchedPages()
                + " pages");
    }

    private static String json(String driver, long size, long resident, int threads, int passes, String access,
            Usemem.Result r) {
        StringBuilder sb = new StringBuilder();
        JsonWriter j = new JsonWriter(sb).beginObject()
                .name("driver").value(driver)
                .name("size_bytes").value(size)
                .name("resident_limit_bytes").value(resident)
                .name("threads").value(threads)
                .name("passes").value(passes)
                .name("access").value(access)
                .name("pass_mb_per_s").beginArray();
        double[] mbs = r.passMbPerSecond();
        for (double m : mbs) {
            j.value(m);
        }
        j.endArray()
                .name("throughput_mb_per_s").value(Percentiles.median(mbs))
                .name("fault_p50_us").value(r.faultP50Micros())
                .name("fault_p99_us").value(r.faultP99Micros())
                .name("fault_p999_us").value(r.faultP999Micros())
                .name("faults").value(r.faults())
                .name("zero_fills").value(r.zeroFills())
                .name("loads").value(r.loads())
                .name("evictions").value(r.evictions())
                .name("clean_drops").value(r.cleanDrops())
                .name("readahead_pages").value(r.readaheadPages())
                .name("readahead_hits").value(r.readaheadHits())
                .name("compression_ratio").value(r.compressionRatio())
                .name("memory_used_bytes").value(r.memoryUsedBytes())
                .name("verified").value(r.mismatchedPages() == 0)
                .endObject().finish();
        return sb.toString();
    }
}
