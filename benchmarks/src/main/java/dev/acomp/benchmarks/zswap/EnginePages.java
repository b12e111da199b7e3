package dev.acomp.benchmarks.zswap;

import dev.acomp.benchmarks.PageSet;
import dev.acomp.zswap.ZswapEngine;
import java.nio.ByteBuffer;

/** The memory image's pages as an engine caller holds them, and runs of swap entries to store them at. */
final class EnginePages {
    private EnginePages() {
    }

    /** The 4 KiB pages of the 16 MiB Python heap image. */
    static ByteBuffer[] memoryImage() {
        return PageSet.load(PageSet.MEMORY);
    }

    /**
     * The pages back to back in one direct buffer: a caller that swaps out of one memory area passes the
     * same buffer at a new position each time, which lets the engine reuse its views of it.
     */
    static ByteBuffer area(ByteBuffer[] pages) {
        int pageSize = pages[0].capacity();
        ByteBuffer area = ByteBuffer.allocateDirect(pages.length * pageSize);
        for (int i = 0; i < pages.length; i++) {
            area.put(i * pageSize, pages[i], 0, pageSize);
        }
        return area;
    }

    /** {@code count} swap entries, allocated a cluster at a time (a run never spans clusters). */
    static long[] allocateEntries(ZswapEngine engine, int count) {
        int run = engine.config().clusterSize();
        long[] entries = new long[count];
        for (int i = 0; i < count; i += run) {
            int n = Math.min(run, count - i);
            long first = engine.allocateEntries(n);
            for (int k = 0; k < n; k++) {
                entries[i + k] = first + k;
            }
        }
        return entries;
    }

    /** Stores page {@code i} at entry {@code i}, one page per store; throws if the engine rejects one. */
    static void storeAll(ZswapEngine engine, long[] entries, ByteBuffer[] pages) {
        for (int i = 0; i < pages.length; i++) {
            if (!engine.store(entries[i], pages[i], 1)) {
                throw new IllegalStateException("engine rejected page " + i + ": " + engine.stats());
            }
        }
    }
}
