package dev.acomp.zswap.internal;

import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.zswap.ZswapException;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import dev.acomp.zswap.writeback.ReadRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;

/**
 * zswap_load: finds the entry under its cluster lock and fills the caller's page: with the fill value,
 * with the page stored as is, or by decompressing through a context of the entry's pool.
 *
 * <p>The context is locked before the cluster (lock order: context, cluster), so the object is read while
 * compaction cannot move it: decompressed in place under the cluster lock when it lies in one piece of
 * memory, as zram does, else copied into the context's buffer and decompressed after; the entry's pool
 * is only known under the cluster lock, so a load that guessed the wrong pool retries with the right one.
 */
final class EntryLoad {
    private final int pageSize;
    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;
    /** Null without a backing file. */
    private final WrittenBackReads writtenBack;

    EntryLoad(int pageSize, VswapSpace space, ZsPool zsPool, ZswapPools pools, ZswapCounters counters,
            Lifecycle lifecycle, WrittenBackReads writtenBack) {
        this.pageSize = pageSize;
        this.space = space;
        this.zsPool = zsPool;
        this.pools = pools;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.writtenBack = writtenBack;
    }

    void load(long entry, ByteBuffer page) {
        ReadRequest fromFile = loadFromMemory(entry, page);
        if (fromFile != null) {
            writtenBack.read(fromFile);
        }
    }

    /**
     * Loads an entry written back on the read pool (IO, then decompression on its workers); any other
     * entry synchronously. The future fails as {@link #load} throws, or with the read pool's typed errors.
     */
    CompletableFuture<Void> loadAsync(long entry, ByteBuffer page) {
        ReadRequest fromFile;
        try {
            fromFile = loadFromMemory(entry, page);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fromFile == null ? CompletableFuture.completedFuture(null) : writtenBack.readAsync(fromFile);
    }

    private void checkPage(ByteBuffer page) {
        if (page.isReadOnly() || page.remaining() < pageSize) {
            throw new IllegalArgumentException("load needs a writable page of " + pageSize + " bytes, got "
                    + page.remaining() + (page.isReadOnly() ? " read-only" : ""));
        }
    }

    /** Loads an entry held in memory; for one written back, returns the read to do (no lock held then). */
    private ReadRequest loadFromMemory(long entry, ByteBuffer page) {
        checkPage(page);
        VswapCluster c = space.cluster(entry);
        if (c == null) {
            throw new ZswapException.EntryNotFoundException(entry);
        }
        if (loadPinned(entry, c, page)) {
            return null;
        }
        int poolId = -1;
        while (true) {
            ZswapPool pool = poolId < 0 ? pools.currentGet() : pools.get(poolId);
            if (pool == null) {
                poolId = -1;
                continue;
            }
            CompressionContext ctx = pool.lockContext();
            try {
                lifecycle.ensureOpen();
                ByteBuffer copy;
                c.lock.lock();
                try {
                    int i = c.index(entry);
                    int f = c.flags(i);
                    if ((f & VswapCluster.STORED) == 0) {
                        throw new ZswapException.EntryNotFoundException(entry);
                    }
                    if ((f & VswapCluster.WRITTEN_BACK) != 0) {
                        return writtenBack.request(c, i, page);
                    }
                    markAccessed(c, i, f);
                    if ((f & VswapCluster.SAME_FILLED) != 0) {
                        fill(page, c.handle(i));
                        return null;
                    }
                    if ((f & VswapCluster.RAW) != 0) {
                        zsPool.read(c.handle(i), page, page.position());
                        return null;
                    }
                    if (c.poolId(i) != pool.id) {
                        poolId = c.poolId(i);
                        continue;
                    }
                    copy = readObject(entry, c.handle(i), pool, ctx, page);
                } finally {
                    c.lock.unlock();
                }
                if (copy != null) {
                    decompress(entry, pool, ctx, copy, page);
                }
                return null;
            } finally {
                ctx.lock.unlock();
                pool.put();
            }
        }
    }

    /**
     * The common load, of an entry compressed in memory, without touching any pool's shared reference
     * count (two atomic updates of one cache line per load, which two threads loading pass back and
     * forth): under the cluster lock the entry pins its pool, and a context of that pool locked then
     * (without waiting, as the lock order is context, then cluster) keeps the pool's resources while the
     * page is decompressed, as it keeps an engine close waiting. False, having done nothing, for any
     * other entry or when every context of the pool is busy: {@link #loadFromMemory} then loads it.
     */
    private boolean loadPinned(long entry, VswapCluster c, ByteBuffer page) {
        ZswapPool pool;
        CompressionContext ctx;
        ByteBuffer copy;
        c.lock.lock();
        try {
            int i = c.index(entry);
            int f = c.flags(i);
            if (!VswapCluster.holdsObject(f) || (f & VswapCluster.RAW) != 0) {
                return false;
            }
            pool = pools.ofEntryIfLive(c.poolId(i));
            ctx = pool == null ? null : pool.tryLockContext();
            if (ctx == null) {
                return false;
            }
            try {
                lifecycle.ensureOpen();
                markAccessed(c, i, f);
                copy = readObject(entry, c.handle(i), pool, ctx, page);
            } catch (RuntimeException e) {
                ctx.lock.unlock();
                throw e;
            }
        } finally {
            c.lock.unlock();
        }
        try {
            if (copy != null) {
                decompress(entry, pool, ctx, copy, page);
            }
        } finally {
            ctx.lock.unlock();
        }
        return true;
    }

    /**
     * Under the cluster lock, which keeps the object from moving or going: decompresses it into the page
     * in place, or copies it into the context's buffer, which it returns to decompress after the lock
     * (null when done).
     */
    private ByteBuffer readObject(long entry, long handle, ZswapPool pool, CompressionContext ctx, ByteBuffer page) {
        ByteBuffer copy = ctx.buffers[0];
        ByteBuffer object = zsPool.readBegin(handle, ctx.reader, copy);
        if (object == copy) {
            return copy;
        }
        decompress(entry, pool, ctx, object, page);
        return null;
    }

    /** A load counts as a use: second chance on the LRU, and no longer idle. */
    private static void markAccessed(VswapCluster c, int i, int flags) {
        if ((flags & (VswapCluster.REFERENCED | VswapCluster.IDLE)) != VswapCluster.REFERENCED) {
            c.setFlag(i, VswapCluster.REFERENCED);
            c.clearFlag(i, VswapCluster.IDLE);
        }
    }

    /** zswap_decompress: into the caller's page; a failure zeroes the page, is counted, and is thrown. */
    private void decompress(long entry, ZswapPool pool, CompressionContext ctx, ByteBuffer object, ByteBuffer page) {
        AcompRequest request = ctx.request;
        request.operation(Operation.DECOMPRESS).buffers(object, ctx.pageView(page, page.position(), pageSize));
        request.execute();
        RequestFailedException failure = request.failure(0);
        if (failure == null && request.producedLength(0) == pageSize) {
            return;
        }
        counters.decompressFail.increment();
        zero(page);
        throw new ZswapException.DecompressionFailedException(entry, pool.transform.driver(),
                failure == null ? request.producedLength(0) + " bytes instead of " + pageSize
                        : failure.status().toString(), failure);
    }

    private void fill(ByteBuffer page, long bigEndianWord) {
        long word = page.order() == ByteOrder.BIG_ENDIAN ? bigEndianWord : Long.reverseBytes(bigEndianWord);
        int base = page.position();
        for (int p = 0; p < pageSize; p += 8) {
            page.putLong(base + p, word);
        }
    }

    private void zero(ByteBuffer page) {
        fill(page, 0);
    }
}
