package dev.acomp.cli.run;

import static dev.acomp.zswap.ZswapCounter.BD_COUNT;
import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.METADATA_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;

import dev.acomp.zswap.ZswapStats;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one engine run measured. Figures in bytes and nanoseconds; MB = 10^6 bytes.
 *
 * @param source where the pages came from
 * @param driver the driver the engine's pool used
 * @param pages pages stored
 * @param folioMix folios by size in pages, smallest first
 * @param threads threads that stored and loaded
 * @param access the pattern of the timed loads
 * @param poolLimitBytes the pool limit, 0 for none
 * @param backingFile the writeback file, or null
 * @param stored the engine's counters after every folio was stored (and recompressed, with a recompressor;
 *     then its recompression counters count the last pass's recompression alone)
 * @param beforeRecompress the engine's counters after the store phase, before recompression; null without
 * @param atEnd the engine's counters after the loads
 * @param speeds store and load speed: the steady state, and the cold first pass
 * @param engineLoads loads of the last pass served by the engine
 * @param callerLoads loads of the last pass of pages the engine rejected, served from the caller's copy
 * @param sweptPages pages loaded and checked by the final sweep over every page
 * @param storeLatency per-page store latency in the steady passes (a folio's time shared by its pages)
 * @param loadLatency latency of each load of the steady passes
 * @param rejectedPages pages of folios rejected in the last pass, kept by the caller
 * @param mismatches loads (of any pass) whose page differed from the page stored
 * @param loadFailures loads (of any pass) that threw
 * @param firstProblem the first mismatch or failure, or null
 * @param pid the process (JVM) that measured: {@code compare} measures each driver in a fresh one
 */
public record RunResult(String source, String driver, int pages, Map<Integer, Integer> folioMix, int threads,
        AccessPattern access, long poolLimitBytes, String backingFile, ZswapStats stored, ZswapStats beforeRecompress,
        ZswapStats atEnd, Throughput speeds, long engineLoads, long callerLoads, long sweptPages,
        LatencyHistogram storeLatency, LatencyHistogram loadLatency, long rejectedPages, long mismatches,
        long loadFailures, String firstProblem, long pid) {

    public RunResult {
        folioMix = Collections.unmodifiableMap(new TreeMap<>(folioMix));
    }

    public long originalBytes() {
        return (long) pages * PageSnapshot.PAGE_SIZE;
    }

    /** Every page came back as stored: no mismatch, no failed load, every page swept. */
    public boolean verified() {
        return mismatches == 0 && loadFailures == 0 && sweptPages == pages;
    }

    /** Steady-state store speed. */
    public double storeMBps() {
        return speeds.storeMBps();
    }

    /** Steady-state load speed. */
    public double loadMBps() {
        return speeds.loadMBps();
    }

    /** Pages compressed into the pool (not same-filled, not written back) over their compressed bytes. */
    public double compressionRatio() {
        long inPool = stored.get(STORED_PAGES) - stored.get(SAME_FILLED_PAGES) - stored.get(BD_COUNT);
        long compressed = stored.get(COMPRESSED_BYTES);
        return compressed == 0 ? 0 : (double) inPool * PageSnapshot.PAGE_SIZE / compressed;
    }

    /** Pages held in memory (same-filled ones too) over what holds them: pool memory plus metadata. */
    public double effectiveRatio() {
        return effectiveRatio(stored, true);
    }

    /** As {@link #effectiveRatio()} with the metadata not counted: pool memory only. */
    public double effectiveRatioPoolOnly() {
        return effectiveRatio(stored, false);
    }

    /** As {@link #effectiveRatio()} before recompression; the same without a recompressor. */
    public double effectiveRatioBeforeRecompress() {
        return effectiveRatio(beforeRecompress != null ? beforeRecompress : stored, true);
    }

    private static double effectiveRatio(ZswapStats s, boolean withMetadata) {
        long inMemory = s.get(STORED_PAGES) - s.get(BD_COUNT);
        long cost = s.get(POOL_TOTAL_SIZE) + (withMetadata ? s.get(METADATA_BYTES) : 0);
        return cost == 0 ? 0 : (double) inMemory * PageSnapshot.PAGE_SIZE / cost;
    }
}
