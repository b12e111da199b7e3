package dev.acomp.zswap;

/** The engine's counters over JMX (see {@link ZswapEngine#registerMBean(String)}); names as {@link ZswapStats}. */
public interface ZswapStatsMXBean {
    long getStoredPages();

    long getPoolTotalSize();

    long getPoolReservedBytes();

    long getSameFilledPages();

    long getStoredIncompressiblePages();

    long getRejectCompressFail();

    long getRejectCompressPoor();

    long getRejectAllocFail();

    long getPoolLimitHit();

    long getDecompressFail();

    long getCompressedBytes();

    long getMetadataBytes();

    long getDirectBytes();

    String getCompressor();

    long getWrittenBackPages();

    long getBdCount();

    long getBdReads();

    long getBdWrites();

    long getBackingFileBytesWritten();

    long getWrittenBackRawBytes();

    long getWbReadStale();

    long getRejectReclaimFail();

    long getWbReadCorrupt();
}
