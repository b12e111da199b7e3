package dev.acomp.cli.bench;

import dev.acomp.cli.PageSource;

/**
 * What {@link DriverBench} measured for one driver: every speed is the median over the steady passes
 * (compression as a run's store, decompression as its load), and every page was verified after each
 * pass. MB is 10^6 bytes, of uncompressed pages.
 *
 * @param warmups untimed warm-up passes before the steady ones
 * @param compressCpuMicros the calling thread's CPU time per page compressed, median pass: work a driver
 *     hands to a device or to threads of its own is not in it, which is what offloading saves
 * @param decompressCpuMicros as {@code compressCpuMicros}, per page decompressed
 */
public record BenchResult(String algorithm, String driver, int batchSize, int pages, long compressedBytes,
        double compressMBps, double decompressMBps, int warmups, double compressCpuMicros,
        double decompressCpuMicros) {

    /** Uncompressed page bytes over compressed bytes. */
    public double ratio() {
        return (double) pages * PageSource.PAGE_SIZE / compressedBytes;
    }
}
