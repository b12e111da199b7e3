package dev.acomp.zswap.internal;

import dev.acomp.api.RequestFailedException;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.nio.ByteBuffer;

/**
 * zram's recompress with its recomp_algorithm: entries in the pool (idle ones, or all) are decompressed
 * with the pool that compressed them (or taken as is when stored raw) and compressed again with a
 * secondary pool; an entry moves to the secondary pool's object only when that is smaller, and keeps its
 * pool id, so loads and writeback decompress it with the right pool. The entry is read and replaced under
 * its cluster lock and checked by generation in between, as writeback does; contexts are locked before
 * the cluster (lock order: context, cluster). One recompression at a time.
 */
final class Recompression {
    private final int pageSize;
    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final ZswapEntries entries;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;
    /** Holds one reference, as the current pool does, until the engine closes. */
    private final ZswapPool secondary;
    /** The page being recompressed. */
    private final ByteBuffer page;

    Recompression(int pageSize, VswapSpace space, ZsPool zsPool, ZswapPools pools, ZswapEntries entries,
            ZswapCounters counters, Lifecycle lifecycle, ZswapPool secondary) {
        this.pageSize = pageSize;
        this.space = space;
        this.zsPool = zsPool;
        this.pools = pools;
        this.entries = entries;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.secondary = secondary;
        this.page = ByteBuffer.allocateDirect(pageSize);
    }

    /**
     * Tries at most {@code maxPages} entries in the pool (with {@code idleOnly}, only those idle since the
     * last markIdle) not already of the secondary pool; returns how many it made smaller. Then compacts:
     * the objects replaced were freed all over the first pool's classes.
     */
    synchronized long recompress(boolean idleOnly, long maxPages) {
        long tried = 0;
        long done = 0;
        for (int k = 0; k < space.clusterCount() && tried < maxPages; k++) {
            VswapCluster c = space.clusterAt(k);
            for (int i = 0; i < c.size() && tried < maxPages; i++) {
                lifecycle.ensureOpen();
                int generation;
                int poolId;
                boolean raw;
                c.lock.lock();
                try {
                    int f = c.flags(i);
                    raw = (f & VswapCluster.RAW) != 0;
                    if (!VswapCluster.holdsObject(f) || (idleOnly && (f & VswapCluster.IDLE) == 0)
                            || (!raw && c.poolId(i) == secondary.id)) {
                        continue;
                    }
                    generation = c.generation(i);
                    poolId = c.poolId(i);
                } finally {
                    c.lock.unlock();
                }
                tried++;
                int length = raw ? readRaw(c, i, generation) : decompress(c, i, generation, poolId);
                if (length > 0 && compressSmaller(c, i, generation, length)) {
                    done++;
                }
            }
        }
        if (done > 0) {
            zsPool.compact(entries);
        }
        return done;
    }

    /** Copies a raw entry's page into {@link #page}; returns its length, or 0 when the entry changed. */
    private int readRaw(VswapCluster c, int i, int generation) {
        c.lock.lock();
        try {
            if (c.generation(i) != generation || !VswapCluster.holdsObject(c.flags(i))) {
                return 0;
            }
            return zsPool.read(c.handle(i), page.clear(), 0);
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Decompresses the entry into {@link #page} with its own pool; returns its object's length, or 0 when
     * the entry changed or did not decompress (it is left as it is: loads will report it).
     */
    private int decompress(VswapCluster c, int i, int generation, int poolId) {
        ZswapPool pool = pools.get(poolId);
        if (pool == null) {
            return 0;
        }
        CompressionContext ctx = pool.lockContext();
        try {
            int length;
            c.lock.lock();
            try {
                int f = c.flags(i);
                if (c.generation(i) != generation || !VswapCluster.holdsObject(f) || (f & VswapCluster.RAW) != 0
                        || c.poolId(i) != poolId) {
                    return 0;
                }
                length = zsPool.read(c.handle(i), ctx.buffers[0].clear(), 0);
            } finally {
                c.lock.unlock();
            }
            try {
                return ctx.request.decompress(ctx.buffer(0, length), page.clear()) == pageSize ? length : 0;
            } catch (RequestFailedException e) {
                return 0;
            }
        } finally {
            ctx.lock.unlock();
            pool.put();
        }
    }

    /**
     * Compresses {@link #page} with the secondary pool and, when smaller than the entry's {@code length}
     * bytes and the entry is still the same one, replaces its object; true when it did.
     */
    private boolean compressSmaller(VswapCluster c, int i, int generation, int length) {
        CompressionContext ctx = secondary.lockContext();
        long handle;
        int n;
        try {
            try {
                n = ctx.request.compress(page.clear(), ctx.buffer(0, 2 * pageSize));
            } catch (RequestFailedException e) {
                return false;
            }
            if (n >= length) {
                return false;
            }
            handle = zsPool.malloc(n, ctx.reader, 0);
            if (handle == 0) {
                return false;
            }
            zsPool.write(handle, ctx.buffer(0, n));
        } finally {
            ctx.lock.unlock();
        }
        c.lock.lock();
        try {
            int f = c.flags(i);
            if (c.generation(i) != generation || !VswapCluster.holdsObject(f)) {
                zsPool.free(handle);
                return false;
            }
            // The current handle: compaction may have moved the object since it was read.
            zsPool.free(c.handle(i));
            if ((f & VswapCluster.RAW) != 0) {
                c.clearFlag(i, VswapCluster.RAW);
                counters.storedIncompressiblePages.decrement();
            } else {
                // The pool is destroyed only when no operation holds it, so no context lock is held here.
                pools.ofEntry(c.poolId(i)).put();
            }
            secondary.get();
            c.setPool(i, handle, secondary.id);
            counters.recompressedPages.increment();
            counters.recompressedBytesSaved.add(length - n);
            return true;
        } finally {
            c.lock.unlock();
        }
    }
}
