package dev.acomp.zswap.internal;

import dev.acomp.zswap.ZswapStats;
import dev.acomp.zswap.ZswapStatsMXBean;
import java.util.function.Supplier;

/** The MXBean over an engine's {@link ZswapStats}: each getter reads a fresh snapshot. */
public final class ZswapStatsBean implements ZswapStatsMXBean {
    private final Supplier<ZswapStats> stats;

    public ZswapStatsBean(Supplier<ZswapStats> stats) {
        this.stats = stats;
    }

    @Override
    public long getStoredPages() {
        return stats.get().storedPages();
    }

    @Override
    public long getPoolTotalSize() {
        return stats.get().poolTotalSize();
    }

    @Override
    public long getPoolReservedBytes() {
        return stats.get().poolReservedBytes();
    }

    @Override
    public long getSameFilledPages() {
        return stats.get().sameFilledPages();
    }

    @Override
    public long getStoredIncompressiblePages() {
        return stats.get().storedIncompressiblePages();
    }

    @Override
    public long getRejectCompressFail() {
        return stats.get().rejectCompressFail();
    }

    @Override
    public long getRejectCompressPoor() {
        return stats.get().rejectCompressPoor();
    }

    @Override
    public long getRejectAllocFail() {
        return stats.get().rejectAllocFail();
    }

    @Override
    public long getPoolLimitHit() {
        return stats.get().poolLimitHit();
    }

    @Override
    public long getDecompressFail() {
        return stats.get().decompressFail();
    }

    @Override
    public long getCompressedBytes() {
        return stats.get().compressedBytes();
    }

    @Override
    public long getMetadataBytes() {
        return stats.get().metadataBytes();
    }

    @Override
    public long getDirectBytes() {
        return stats.get().directBytes();
    }

    @Override
    public String getCompressor() {
        return stats.get().compressor();
    }

    @Override
    public long getWrittenBackPages() {
        return stats.get().writtenBackPages();
    }

    @Override
    public long getBdCount() {
        return stats.get().bdCount();
    }

    @Override
    public long getBdReads() {
        return stats.get().bdReads();
    }

    @Override
    public long getBdWrites() {
        return stats.get().bdWrites();
    }

    @Override
    public long getBackingFileBytesWritten() {
        return stats.get().backingFileBytesWritten();
    }

    @Override
    public long getWrittenBackRawBytes() {
        return stats.get().writtenBackRawBytes();
    }

    @Override
    public long getWbReadStale() {
        return stats.get().wbReadStale();
    }

    @Override
    public long getRejectReclaimFail() {
        return stats.get().rejectReclaimFail();
    }

    @Override
    public long getWbReadCorrupt() {
        return stats.get().wbReadCorrupt();
    }
}
