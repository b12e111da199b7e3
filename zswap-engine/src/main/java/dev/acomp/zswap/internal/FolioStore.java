package dev.acomp.zswap.internal;

import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * zswap_store, one method per step: check the pool limit (reclaiming per policy), take the current pool,
 * then batch by batch erase the old entries, find same-filled pages, compress the others, allocate and
 * fill their objects, and publish the entries in the descriptors (where the LRU's CLOCK finds them). A
 * folio is stored whole or not at all.
 */
final class FolioStore {
    private static final int COMPRESSED = 0;

    private final int pageSize;
    private final boolean sameFilledPagesEnabled;
    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final ZswapEntries entries;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;
    private final PoolLimit limit;
    private final Reclaim reclaim;

    FolioStore(int pageSize, boolean sameFilledPagesEnabled, VswapSpace space, ZsPool zsPool, ZswapPools pools,
            ZswapEntries entries, ZswapCounters counters, Lifecycle lifecycle, PoolLimit limit, Reclaim reclaim) {
        this.pageSize = pageSize;
        this.sameFilledPagesEnabled = sameFilledPagesEnabled;
        this.space = space;
        this.zsPool = zsPool;
        this.pools = pools;
        this.entries = entries;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.limit = limit;
        this.reclaim = reclaim;
    }

    /** Stores {@code nr} pages of {@code folio} (from its position) at entries {@code first...}. */
    boolean store(long first, ByteBuffer folio, int nr) {
        VswapCluster c = checkFolio(first, folio, nr);
        if (!limit.admit()) {
            counters.poolLimitHit.increment();
            if (!reclaim.reclaimForStore() || !limit.admit()) {
                // Whatever this folio held before must not be read back after a failed store.
                entries.eraseRun(c, first, nr);
                return false;
            }
        }
        ZswapPool pool = pools.currentGet();
        try {
            for (int done = 0; done < nr; done += pool.batchSize) {
                if (!storePages(pool, c, first + done, folio, done, Math.min(pool.batchSize, nr - done))) {
                    entries.eraseRun(c, first, nr);
                    return false;
                }
            }
            return true;
        } finally {
            pool.put();
        }
    }

    private VswapCluster checkFolio(long first, ByteBuffer folio, int nr) {
        if (nr < 1 || nr > space.clusterSize()) {
            throw new IllegalArgumentException("a folio has 1.." + space.clusterSize() + " pages, not " + nr);
        }
        if (folio.remaining() < (long) nr * pageSize) {
            throw new IllegalArgumentException("folio of " + nr + " pages needs " + (long) nr * pageSize
                    + " bytes, buffer has " + folio.remaining());
        }
        VswapCluster c = space.runCluster(first, nr);
        c.lock.lock();
        try {
            lifecycle.ensureOpen();
            c.requireAllocated(first, nr);
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    /** zswap_store_pages: one batch, under one compression context. */
    private boolean storePages(ZswapPool pool, VswapCluster c, long first, ByteBuffer folio, int pageIndex, int n) {
        CompressionContext ctx = pool.lockContext();
        // Pool references of the batch's old entries, kept for its new ones; those left over go back.
        int keptRefs = 0;
        try {
            lifecycle.ensureOpen();
            keptRefs = eraseOldEntries(pool, ctx, c, first, n);
            int units = findSameFilledPages(ctx, folio, pageIndex, n);
            for (int u = 0; u < units; u += pool.comprBatchSize) {
                int group = Math.min(pool.comprBatchSize, units - u);
                if (!compressPages(pool, ctx, folio, pageIndex, u, group)) {
                    counters.rejectCompressFail.increment();
                    freeObjects(ctx, u);
                    return false;
                }
                if (!allocateObjects(ctx, first, folio, pageIndex, u, group)) {
                    counters.rejectAllocFail.increment();
                    return false;
                }
            }
            publishEntries(pool, c, first, n, ctx, keptRefs);
            keptRefs = 0;
            return true;
        } finally {
            pool.put(keptRefs);
            ctx.lock.unlock();
        }
    }

    /**
     * Erases the batch's old entries before its objects are allocated, noting their objects in
     * {@code ctx.previous}, so that a page stored again at about the same size takes the slot its old object
     * just left, whichever thread stores it: allocating first took fresh blocks for the new objects while
     * the old ones still held theirs (256 image pages stored again grew the pool by a fifth) and moved each
     * page's object away from its neighbours'. The old entries are gone from here on, as after a failed
     * store. Returns how many pool references of old entries compressed in {@code pool} it kept for the
     * caller.
     */
    private int eraseOldEntries(ZswapPool pool, CompressionContext ctx, VswapCluster c, long first, int n) {
        int kept = 0;
        c.lock.lock();
        try {
            int start = c.index(first);
            for (int i = start; i < start + n; i++) {
                ctx.previous[i - start] = VswapCluster.holdsObject(c.flags(i)) ? c.handle(i) : 0;
                if (entries.eraseLocked(c, i, pool.id)) {
                    kept++;
                }
            }
        } finally {
            c.lock.unlock();
        }
        return kept;
    }

    /**
     * Marks same-filled pages (every 8-byte word equal) with their fill value, and lists the others in
     * {@code ctx.unitPages}; returns how many others there are.
     */
    private int findSameFilledPages(CompressionContext ctx, ByteBuffer folio, int pageIndex, int n) {
        int units = 0;
        for (int k = 0; k < n; k++) {
            int offset = folio.position() + (pageIndex + k) * pageSize;
            if (sameFilledPagesEnabled && isSameFilled(folio, offset)) {
                ctx.kinds[k] = VswapCluster.SAME_FILLED;
                ctx.handles[k] = bigEndianWord(folio, offset);
                ctx.lengths[k] = 0;
            } else {
                ctx.unitPages[units++] = k;
            }
        }
        return units;
    }

    private boolean isSameFilled(ByteBuffer folio, int offset) {
        long word = folio.getLong(offset);
        for (int p = offset + 8; p < offset + pageSize; p += 8) {
            if (folio.getLong(p) != word) {
                return false;
            }
        }
        return true;
    }

    /** The fill word in big-endian order, so that it fills any page buffer byte for byte. */
    private static long bigEndianWord(ByteBuffer folio, int offset) {
        long word = folio.getLong(offset);
        return folio.order() == ByteOrder.BIG_ENDIAN ? word : Long.reverseBytes(word);
    }

    /**
     * zswap_compress: compresses units {@code u..u+group} in one request into the context's buffers.
     * A page that does not fit below a page size is marked RAW. False when the compressor failed.
     */
    private boolean compressPages(ZswapPool pool, CompressionContext ctx, ByteBuffer folio, int pageIndex, int u,
            int group) {
        AcompRequest request = ctx.request;
        request.operation(Operation.COMPRESS).units(group);
        for (int j = 0; j < group; j++) {
            int offset = folio.position() + (pageIndex + ctx.unitPages[u + j]) * pageSize;
            request.unit(j, ctx.folioView(folio, j, offset, pageSize), ctx.buffer(j, 2 * pageSize));
        }
        request.execute();
        ctx.countBatch();
        boolean ok = true;
        for (int j = 0; j < group; j++) {
            int k = ctx.unitPages[u + j];
            RequestFailedException failure = request.failure(j);
            if (failure == null && request.producedLength(j) < pageSize) {
                ctx.kinds[k] = COMPRESSED;
                ctx.lengths[k] = request.producedLength(j);
            } else if (failure == null || failure.status() == Status.DESTINATION_TOO_SMALL) {
                ctx.kinds[k] = VswapCluster.RAW;
                ctx.lengths[k] = pageSize;
            } else {
                ok = false;
            }
            ctx.handles[k] = 0;
        }
        return ok;
    }

    /**
     * Allocates an object for each unit of the group and copies the compressed bytes (or the page, for
     * RAW) into it. On failure frees every object of the batch and returns false.
     */
    private boolean allocateObjects(CompressionContext ctx, long first, ByteBuffer folio, int pageIndex, int u,
            int group) {
        for (int j = 0; j < group; j++) {
            int k = ctx.unitPages[u + j];
            long handle = zsPool.malloc(ctx.lengths[k], ctx.reader, ctx.previous[k]);
            if (handle == 0) {
                freeObjects(ctx, u + j);
                return false;
            }
            ctx.handles[k] = handle;
            if (ctx.kinds[k] == VswapCluster.RAW) {
                int offset = folio.position() + (pageIndex + k) * pageSize;
                zsPool.write(handle, ctx.folioView(folio, j, offset, pageSize));
            } else {
                zsPool.write(handle, ctx.buffer(j, ctx.lengths[k]));
            }
        }
        return true;
    }

    /** Frees the objects of the first {@code units} compressed units of the batch. */
    private void freeObjects(CompressionContext ctx, int units) {
        for (int x = 0; x < units; x++) {
            int k = ctx.unitPages[x];
            if (ctx.handles[k] != 0) {
                zsPool.free(ctx.handles[k]);
                ctx.handles[k] = 0;
            }
        }
    }

    /**
     * zswap_entry_store for each page of the batch, replacing (and freeing) any entry stored meanwhile;
     * the compressed entries take the {@code keptRefs} pool references first, and any left over go back.
     */
    private void publishEntries(ZswapPool pool, VswapCluster c, long first, int n, CompressionContext ctx,
            int keptRefs) {
        c.lock.lock();
        try {
            int start = c.index(first);
            int newRefs = 0;
            for (int k = 0; k < n; k++) {
                int i = start + k;
                int kind = ctx.kinds[k];
                if (!c.has(i, VswapCluster.ALLOCATED)) {
                    // The caller freed the entries during the store: keep nothing for them.
                    if (kind != VswapCluster.SAME_FILLED) {
                        zsPool.free(ctx.handles[k]);
                    }
                    continue;
                }
                boolean refKept = entries.eraseLocked(c, i, kind == COMPRESSED ? pool.id : ZswapEntries.NO_POOL);
                c.storeEntry(i, ctx.handles[k], kind, pool.id);
                if (kind == COMPRESSED) {
                    newRefs += refKept ? 0 : 1;
                } else if (kind == VswapCluster.RAW) {
                    counters.storedIncompressiblePages.increment();
                } else {
                    counters.sameFilledPages.increment();
                }
                counters.storedPages.increment();
            }
            // At most one update of the shared count for the batch, none when the old entries' references
            // cover the new ones; the new entries are not visible before the unlock.
            if (newRefs > keptRefs) {
                pool.get(newRefs - keptRefs);
            } else {
                pool.put(keptRefs - newRefs);
            }
        } finally {
            c.lock.unlock();
        }
    }
}
