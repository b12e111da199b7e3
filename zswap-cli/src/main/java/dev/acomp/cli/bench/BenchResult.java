package dev.acomp.cli.bench;

import dev.acomp.cli.PageSource;

/**
 * What {@link DriverBench} measured for one driver: every speed is the median over the steady passes
 * (compression as a run's store, decompression as its load), and every page was verified after each
 * pass. MB is 10^6 bytes, of uncompressed pages.
 *
 * @param warmups untimed warm-up passes before the steady ones
 */
public record BenchResult(String algorithm, String driver, int batchSize, int pages, long compressedBytes,
        double compressMBps, double decompressMBps, int warmups) {

    /** Uncompressed page bytes over compressed bytes. */
    public double ratio() {
        return (double) pages * PageSource.PAGE_SIZE / compressedBytes;
    }
}
