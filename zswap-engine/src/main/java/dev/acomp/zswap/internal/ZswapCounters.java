package dev.acomp.zswap.internal;

import java.util.concurrent.atomic.LongAdder;

/** The engine's counters, named as zswap's debugfs files; gauges go up and down, rejects only up. */
public final class ZswapCounters {
    public final LongAdder storedPages = new LongAdder();
    public final LongAdder sameFilledPages = new LongAdder();
    public final LongAdder storedIncompressiblePages = new LongAdder();
    public final LongAdder rejectCompressFail = new LongAdder();
    public final LongAdder rejectAllocFail = new LongAdder();
    public final LongAdder poolLimitHit = new LongAdder();
    public final LongAdder decompressFail = new LongAdder();
    public final LongAdder writtenBackPages = new LongAdder();
    public final LongAdder writtenBackRawBytes = new LongAdder();
    public final LongAdder rejectReclaimFail = new LongAdder();
    public final LongAdder recompressedPages = new LongAdder();
    public final LongAdder recompressedBytesSaved = new LongAdder();
}
