package dev.acomp.zswap.memory.internal;

import dev.acomp.api.Acomp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One eviction thread: when the region's resident pages reach the high water mark, it sweeps its share of the
 * groups (every {@code count}-th, from {@code index}) as a clock hand until they are under the low one. For each
 * group the C library write-protects the dirty pages and drops the clean ones; this thread compresses the dirty
 * ones and hands the copies back. It is never on the fault path: a safepoint may stop it at any time.
 */
public final class Evictor implements Runnable {
    private static final int GROUP = NativeRegion.GROUP_PAGES;
    private static final int POLL_MS = 10;

    private final NativeRegion region;
    private final PageCompressor compressor;
    private final int index;
    private final int count;
    private final long highPages;
    private final long lowPages;
    private final ByteBuffer verdicts = ByteBuffer.allocateDirect(GROUP);
    private final ByteBuffer lens = ByteBuffer.allocateDirect(GROUP * Integer.BYTES).order(ByteOrder.nativeOrder());
    private final ByteBuffer data;
    /** The group's slots to compress, in order. */
    private final int[] slots = new int[GROUP];
    private final int stride;
    private final long verdictsAddress;
    private final long lensAddress;
    private final long dataAddress;
    private volatile boolean stopped;

    public Evictor(NativeRegion region, Acomp acomp, int index, int count, long highPages, long lowPages) {
        this.region = region;
        this.index = index;
        this.count = count;
        this.highPages = highPages;
        this.lowPages = lowPages;
        this.stride = acomp.maxCompressedLength(region.pageSize());
        this.data = ByteBuffer.allocateDirect(GROUP * stride);
        this.compressor = new PageCompressor(acomp, region, data, stride);
        this.verdictsAddress = NativeRegion.addressOf(verdicts);
        this.lensAddress = NativeRegion.addressOf(lens);
        this.dataAddress = NativeRegion.addressOf(data);
    }

    @Override
    public void run() {
        long groups = (region.pages() + GROUP - 1) / GROUP;
        long hand = index;
        try {
            while (!stopped) {
                if (region.waitPressure(POLL_MS) < highPages) {
                    continue;
                }
                // Two passes at most: the first may only clear the second chances.
                long idle = 0;
                while (!stopped && region.residentPages() > lowPages && idle < 2 * groups) {
                    idle = evictGroup(hand * GROUP) > 0 ? 0 : idle + count;
                    hand += count;
                    if (hand >= groups) {
                        hand = index;
                    }
                }
            }
        } finally {
            compressor.close();
        }
    }

    /**
     * Returns how many pages of the group were released. The group is the unit of eviction: one call into the
     * C library to start it (one write-protect per run of dirty pages), one to end it (one MADV_DONTNEED per
     * run); its pages go to the compressor in requests of the transform's batch size.
     */
    private int evictGroup(long first) {
        int n = (int) Math.min(GROUP, region.pages() - first);
        int toCompress = region.evictBegin(first, n, verdictsAddress);
        if (toCompress == 0) {
            return 0;
        }
        int pending = 0;
        for (int i = 0; i < n; i++) {
            if (verdicts.get(i) != NativeRegion.COMPRESS) {
                continue;
            }
            if (zeros(first + i)) {
                lens.putInt(i * Integer.BYTES, 0);
            } else {
                slots[pending++] = i;
            }
        }
        for (int done = 0; done < pending; done += compressor.units()) {
            compressor.compress(first, slots, done, Math.min(compressor.units(), pending - done), lens);
        }
        return region.evictCommit(first, n, verdictsAddress, lensAddress, dataAddress, stride);
    }

    private boolean zeros(long page) {
        ByteBuffer view = compressor.chunkOf(page);
        int at = compressor.offsetOf(page);
        for (int i = at; i < at + region.pageSize(); i += Long.BYTES) {
            if (view.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    public void stop() {
        stopped = true;
    }
}
