package dev.acomp.cli.usemem;

import dev.acomp.zswap.memory.CompressedMemory;
import dev.acomp.zswap.memory.CompressedMemoryStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One usemem run, start to end: the memory, the workload, the figures. On plain memory the faults are the
 * process's (minor + major, from /proc/self/stat) and the memory used is the growth of its anonymous resident
 * set; the kernel's own zswap figures come from the script that runs it ({@code benchmarks/kernel-zswap.sh}).
 */
public final class Usemem {
    private Usemem() {
    }

    /** What a run measured; -1 where plain memory has no such figure. */
    public record Result(long[] passNanos, long sizeBytes, long faults, long zeroFills, long loads, long evictions,
            long cleanDrops, long readaheadPages, long readaheadHits, long faultP50Micros, long faultP99Micros,
            long faultP999Micros, double compressionRatio, long memoryUsedBytes, long mismatchedPages) {

        public double[] passMbPerSecond() {
            return Arrays.stream(passNanos).mapToDouble(n -> sizeBytes / 1e6 / (n / 1e9)).toArray();
        }
    }

    /**
     * {@link MemoryUnavailableException} when the workload itself cannot run over {@code size} bytes here (a
     * random order of that many pages does not fit in the Java heap); before any memory is taken.
     */
    public static void requireWorkloadFits(long size, int threads, boolean random) {
        UsememWorkload.requireOrderFits(size / 4096, threads, random);
    }

    /**
     * Runs on {@code region} (closed by the caller), or on plain memory of {@code size} when it is null
     * ({@link MemoryUnavailableException} when malloc refuses that size).
     */
    public static Result run(CompressedMemory region, long size, byte[][] content, int threads, int passes,
            boolean random) throws InterruptedException {
        long rssBefore = region == null ? rssAnon() : 0;
        long faultsBefore = region == null ? processFaults() : 0;
        WorkloadMemory memory = region != null ? WorkloadMemory.of(region) : WorkloadMemory.plain(size);
        try {
            AtomicLong mismatches = new AtomicLong();
            long[] nanos = new UsememWorkload(memory, content, size / 4096, threads, random).run(passes, mismatches);
            if (region == null) {
                return new Result(nanos, size, processFaults() - faultsBefore, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                        -1, rssAnon() - rssBefore, mismatches.get());
            }
            CompressedMemoryStats s = region.stats();
            double ratio = s.storedBytes() == 0 ? 1 : (double) s.storedPages() * 4096 / s.storedBytes();
            return new Result(nanos, size, s.faults(), s.zeroFills(), s.loads(), s.evictions(), s.cleanDrops(),
                    s.readaheadPages(), s.readaheadHits(), s.faultP50Micros(), s.faultP99Micros(),
                    s.faultP999Micros(), ratio, s.memoryUsedBytes(), mismatches.get());
        } finally {
            if (region == null) {
                memory.close();
            }
        }
    }

    private static long processFaults() {
        String stat = read(Path.of("/proc/self/stat"));
        // After the command name in parentheses: state is field 3, minflt 10, majflt 12.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]) + Long.parseLong(f[9]);
    }

    private static long rssAnon() {
        return kibField(Path.of("/proc/self/status"), "RssAnon:", 0);
    }

    /** The memory this machine has for new work ({@code MemAvailable}), or {@link Long#MAX_VALUE} where unknown. */
    public static long availableBytes() {
        try {
            return kibField(Path.of("/proc/meminfo"), "MemAvailable:", Long.MAX_VALUE);
        } catch (UncheckedIOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The kB figure of the line starting with {@code field} in {@code file}, in bytes; {@code otherwise} without. */
    private static long kibField(Path file, String field, long otherwise) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return otherwise;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
