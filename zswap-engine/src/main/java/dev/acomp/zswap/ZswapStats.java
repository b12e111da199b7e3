package dev.acomp.zswap;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A snapshot of an engine's counters: one value per {@link ZswapCounter}, read once, with the current
 * pool's driver and the requests each of its contexts submitted.
 */
public final class ZswapStats {
    private final long[] values;
    private final String compressor;
    private final List<Long> batchesPerContext;

    /** Reads each counter once from {@code source}. */
    public ZswapStats(ToLongFunction<ZswapCounter> source, String compressor, List<Long> batchesPerContext) {
        ZswapCounter[] counters = ZswapCounter.values();
        this.values = new long[counters.length];
        for (ZswapCounter c : counters) {
            values[c.ordinal()] = source.applyAsLong(c);
        }
        this.compressor = compressor;
        this.batchesPerContext = List.copyOf(batchesPerContext);
    }

    public long get(ZswapCounter counter) {
        return values[counter.ordinal()];
    }

    /** Every counter's value, in declaration order. */
    public Map<ZswapCounter, Long> counters() {
        Map<ZswapCounter, Long> m = new EnumMap<>(ZswapCounter.class);
        for (ZswapCounter c : ZswapCounter.values()) {
            m.put(c, values[c.ordinal()]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The current pool's driver. */
    public String compressor() {
        return compressor;
    }

    /** Requests submitted by each context of the current pool. */
    public List<Long> batchesPerContext() {
        return batchesPerContext;
    }

    /** Metadata bytes per stored page, 0 when nothing is stored. */
    public double metadataBytesPerStoredPage() {
        long stored = get(ZswapCounter.STORED_PAGES);
        return stored == 0 ? 0 : (double) get(ZswapCounter.METADATA_BYTES) / stored;
    }

    /** Pool bytes over compressed bytes: the allocator's fragmentation (1.0 is none). */
    public double poolOverCompressed() {
        long compressed = get(ZswapCounter.COMPRESSED_BYTES);
        return compressed == 0 ? 0 : (double) get(ZswapCounter.POOL_TOTAL_SIZE) / compressed;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ZswapStats[compressor=").append(compressor);
        for (ZswapCounter c : ZswapCounter.values()) {
            sb.append(", ").append(c.zswapName()).append('=').append(values[c.ordinal()]);
        }
        return sb.append(", batches_per_context=").append(batchesPerContext).append(']').toString();
    }
}
