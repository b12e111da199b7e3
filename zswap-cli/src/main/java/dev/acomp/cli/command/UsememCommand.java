package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.JsonWriter;
import dev.acomp.cli.Options;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.Percentiles;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.run.PoolLimit;
import dev.acomp.cli.usemem.Usemem;
import dev.acomp.zswap.memory.CompressedMemory;
import dev.acomp.zswap.memory.CompressedMemoryConfig;
import dev.acomp.zswap.memory.UserfaultfdUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code zswap usemem}: the workload of the IAA batching series on a {@link CompressedMemory} region (or, with
 * {@code --plain}, on plain anonymous memory, to run under the kernel's zswap): fill, read-and-modify passes
 * under the resident limit, every page verified at the end.
 */
public final class UsememCommand implements Command {
    private static final String DEFAULT_RESIDENT = "25%";
    private static final int DEFAULT_THREADS = 2;
    private static final int DEFAULT_PASSES = 3;
    private static final Options OPTIONS = Options.builder()
            .value("--size", "SIZE", "the memory's size, e.g. 256M (binary units)")
            .value("--resident", "SIZE|PCT", "the resident limit, or a share of --size (default " + DEFAULT_RESIDENT
                    + ")")
            .value("--content", "FILE|DIR", "what the pages hold, cycled")
            .value("--threads", "N", "threads, each on its share of the pages (default " + DEFAULT_THREADS + ")")
            .value("--passes", "N", "read-and-modify passes; the throughput is their median (default "
                    + DEFAULT_PASSES + ")")
            .value("--access", "seq|random", "the order of each thread's pages in a pass (default seq)")
            .value("--driver", "NAME", "the compressor: lz4, zstd, deflate, or a driver (default lz4)")
            .value("--eviction-threads", "N", "the region's threads compressing evicted pages (default: the region's)")
            .value("--json", "FILE", "also write the results to FILE as JSON")
            .flag("--plain", "plain anonymous memory instead of a region (run it under the kernel's zswap)")
            .build();

    private final AcompRegistry registry;

    public UsememCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "usemem";
    }

    @Override
    public String synopsis() {
        return "--size SIZE --content FILE|DIR [--resident SIZE|PCT] [--threads N] [--passes N]"
                + " [--access seq|random] [--driver NAME] [--eviction-threads N] [--json FILE] [--plain]";
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
        Arguments a = OPTIONS.parse(name(), args);
        long size = size(a);
        long resident = resident(a, size);
        int threads = a.intValue("--threads", DEFAULT_THREADS, 1);
        int passes = a.intValue("--passes", DEFAULT_PASSES, 1);
        if (passes > 512) {
            throw new UsageException(name() + ": --passes at most 512, got " + passes);
        }
        String access = a.value("--access") == null ? "seq" : a.value("--access");
        if (!access.equals("seq") && !access.equals("random")) {
            throw new UsageException(name() + ": --access must be seq or random, got '" + access + "'");
        }
        boolean plain = a.has("--plain");
        String driver = a.value("--driver") == null ? "lz4" : a.value("--driver");
        if (!plain) {
            driver = RunOptions.requireDriver(name(), registry, driver).name();
        }
        RunOptions.checkOutput(name(), "--json", a.path("--json"));
        byte[][] content = content(a.requiredPath("--content"));

        Usemem.Result r;
        String mode;
        try {
            if (plain) {
                mode = "plain memory";
                r = Usemem.run(null, size, content, threads, passes, access.equals("random"));
            } else {
                CompressedMemoryConfig.Builder config = CompressedMemoryConfig.builder().sizeBytes(size)
                        .residentLimitBytes(resident).registry(registry).compressor(driver);
                if (a.has("--eviction-threads")) {
                    try {
                        config.evictionThreads(a.intValue("--eviction-threads", 0, 1));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(name() + ": --eviction-threads: " + e.getMessage(), e);
                    }
                }
                try (CompressedMemory region = CompressedMemory.create(config.build())) {
                    mode = "region, " + region.driver();
                    r = Usemem.run(region, size, content, threads, passes, access.equals("random"));
                }
            }
        } catch (UserfaultfdUnavailableException e) {
            terminal.err().println("zswap usemem: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE;
        }
        print(terminal, mode, size, resident, threads, access, r);
        String json = json(plain ? "plain" : driver, size, resident, threads, passes, access, r);
        if (!RunOptions.write(name(), a, "--json", json, terminal)) {
            return ExitCode.FAILURE;
        }
        if (r.mismatchedPages() > 0) {
            terminal.err().println("zswap usemem: " + r.mismatchedPages() + " pages came back different");
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    private long size(Arguments a) {
        String v = a.required("--size");
        try {
            PoolLimit p = PoolLimit.parse(v);
            if (p.percent() == 0 && p.bytes() % PageSource.PAGE_SIZE == 0) {
                return p.bytes();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException(name() + ": --size must be a whole number of 4 KiB pages such as 256M, not '" + v
                + "'");
    }

    private long resident(Arguments a, long size) {
        String v = a.value("--resident") == null ? DEFAULT_RESIDENT : a.value("--resident");
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
        PageSource source;
        try {
            source = PageSource.read(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(name() + ": --content " + path + ": cannot read: " + e.getMessage(), e);
        }
        if (source.pageCount() == 0) {
            throw new UsageException(name() + ": --content " + path + " holds no data");
        }
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
                    + " readahead %d pages (%d written)%n", r.faults(), r.zeroFills(), r.loads(), r.evictions(),
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
