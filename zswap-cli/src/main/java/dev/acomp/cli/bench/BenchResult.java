package dev.acomp.cli.bench;

import dev.acomp.cli.PageSource;

/**
 * What {@link DriverBench} measured for one driver: every figure is the median over the passes, and
 * every page was verified after each pass. MB is 10^6 bytes, of uncompressed pages.
 */
public record BenchResult(String algorithm, String driver, int batchSize, int pages, long compressedBytes,
        double compressMBps, double decompressMBps) {

    /** Uncompressed page bytes over compressed bytes. */
    public double ratio() {
        return (double) pages * PageSource.PAGE_SIZE / compressedBytes;
    }
}
