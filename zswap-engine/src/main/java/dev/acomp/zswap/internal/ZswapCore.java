package dev.acomp.zswap.internal;

import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.WritebackResult;
import dev.acomp.zswap.ZswapStats;
import dev.acomp.zswap.alloc.DirectBuffers;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import dev.acomp.zswap.writeback.BackingFile;
import dev.acomp.zswap.writeback.WritebackStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The engine's parts wired together; {@link dev.acomp.zswap.ZswapEngine} is its public face. */
public final class ZswapCore {
    private final ZswapConfig config;
    private final DirectBuffers memory = new DirectBuffers();
    private final ZswapCounters counters = new ZswapCounters();
    private final Lifecycle lifecycle = new Lifecycle();
    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final ZswapEntries entries;
    private final FolioStore folioStore;
    private final EntryLoad entryLoad;
    /** Null without a backing file. */
    private final WritebackParts writeback;
    /** Null without a secondary compressor. */
    private final Recompression recompression;

    public ZswapCore(ZswapConfig config) {
        this.config = config;
        this.space = new VswapSpace(config.clusterSize());
        this.zsPool = new ZsPool(config.pageSize(), config.memoryBudgetBytes(), memory);
        this.pools = new ZswapPools(config.registry(), config.acompOptions(), config.contexts(), config.pageSize(),
                memory, config.compressor());
        BackingFile file = null;
        PoolLimit limit;
        try {
            file = config.backingFile().map(path -> WritebackParts.openFile(config, path)).orElse(null);
            this.entries = new ZswapEntries(space, zsPool, pools, counters, lifecycle, file);
            this.recompression = config.recompressor().map(name -> new Recompression(config.pageSize(), space,
                    zsPool, pools, entries, counters, lifecycle, pools.add(name))).orElse(null);
            limit = new PoolLimit(zsPool, config.maxPoolBytes(), config.acceptPoolBytes());
            this.writeback = file == null ? null
                    : new WritebackParts(file, config, space, zsPool, pools, entries, limit, counters, lifecycle);
        } catch (RuntimeException | Error e) {
            if (file != null) {
                file.close();
            }
            for (ZswapPool p : pools.live()) {
                p.destroy();
            }
            throw e;
        }
        this.folioStore = new FolioStore(config.pageSize(), config.sameFilledPagesEnabled(), space, zsPool, pools,
                entries, counters, lifecycle, limit, writeback == null ? Reclaim.NONE : writeback.shrinker);
        this.entryLoad = new EntryLoad(config.pageSize(), space, zsPool, pools, counters, lifecycle,
                writeback == null ? null : writeback.reads);
    }

    public ZswapConfig config() {
        return config;
    }

    public long allocateEntries(int nrPages) {
        lifecycle.ensureOpen();
        return space.allocate(nrPages);
    }

    public void freeEntries(long first, int nrPages) {
        VswapCluster c = space.runCluster(first, nrPages);
        int start = c.index(first);
        c.lock.lock();
        try {
            lifecycle.ensureOpen();
            c.requireAllocated(first, nrPages);
            for (int i = start; i < start + nrPages; i++) {
                entries.eraseLocked(c, i);
                space.release(c, i);
            }
        } finally {
            c.lock.unlock();
        }
        space.reclaim(c, start, nrPages);
    }

    public boolean store(long firstEntry, ByteBuffer folio, int nrPages) {
        lifecycle.ensureOpen();
        return folioStore.store(firstEntry, folio, nrPages);
    }

    public void load(long entry, ByteBuffer page) {
        lifecycle.ensureOpen();
        entryLoad.load(entry, page);
    }

    public CompletableFuture<Void> loadAsync(long entry, ByteBuffer page) {
        lifecycle.ensureOpen();
        return entryLoad.loadAsync(entry, page);
    }

    public int markIdle() {
        lifecycle.ensureOpen();
        return entries.markIdle();
    }

    public long recompress(boolean idleOnly, long maxPages) {
        lifecycle.ensureOpen();
        if (recompression == null) {
            throw new IllegalStateException("recompression needs a secondary compressor (ZswapConfig.recompressor)");
        }
        if (maxPages < 0) {
            throw new IllegalArgumentException("maxPages must not be negative: " + maxPages);
        }
        return recompression.recompress(idleOnly, maxPages);
    }

    public WritebackResult writebackIdle() {
        return writebackParts().explicit.writebackIdle();
    }

    public WritebackResult writebackHuge() {
        return writebackParts().explicit.writebackHuge();
    }

    public WritebackResult writeback(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        return writebackParts().explicit.writeback(maxBytes);
    }

    /** Runs the shrinker now, in the calling thread; false when it could not get under the accept threshold. */
    public boolean shrink() {
        return writebackParts().shrinker.shrink();
    }

    private WritebackParts writebackParts() {
        lifecycle.ensureOpen();
        if (writeback == null) {
            throw new IllegalStateException("writeback needs a backing file (ZswapConfig.backingFile)");
        }
        return writeback;
    }

    public boolean invalidate(long entry) {
        return entries.invalidate(entry);
    }

    public void switchCompressor(String name) {
        lifecycle.ensureOpen();
        pools.switchTo(name);
    }

    /** Compacts the allocator; returns how many objects moved. */
    public long compact() {
        lifecycle.ensureOpen();
        return zsPool.compact(entries);
    }

    public ZswapStats stats() {
        ZswapPool current = pools.current();
        List<Long> batches = new ArrayList<>();
        for (long b : current.batchesPerContext()) {
            batches.add(b);
        }
        WritebackStats wb = writeback == null ? new WritebackStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : writeback.stats();
        return new ZswapStats(c -> switch (c) {
            case STORED_PAGES -> counters.storedPages.sum();
            case POOL_TOTAL_SIZE -> zsPool.poolBytes();
            case POOL_RESERVED_BYTES -> zsPool.reservedBytes();
            case SAME_FILLED_PAGES -> counters.sameFilledPages.sum();
            case STORED_INCOMPRESSIBLE_PAGES -> counters.storedIncompressiblePages.sum();
            case REJECT_COMPRESS_FAIL -> counters.rejectCompressFail.sum();
            case REJECT_COMPRESS_POOR -> 0;
            case REJECT_ALLOC_FAIL -> counters.rejectAllocFail.sum();
            case POOL_LIMIT_HIT -> counters.poolLimitHit.sum();
            case DECOMPRESS_FAIL -> counters.decompressFail.sum();
            case COMPRESSED_BYTES -> zsPool.storedBytes();
            case METADATA_BYTES -> space.metadataBytes() + zsPool.metadataBytes();
            case DIRECT_BYTES -> memory.allocatedBytes();
            case WRITTEN_BACK_PAGES -> counters.writtenBackPages.sum();
            case BD_COUNT -> wb.bdCount();
            case BD_READS -> wb.bdReads();
            case BD_WRITES -> wb.bdWrites();
            case BACKING_FILE_BYTES_WRITTEN -> wb.bytesWritten();
            case WRITTEN_BACK_RAW_BYTES -> counters.writtenBackRawBytes.sum();
            case WB_READ_STALE -> wb.wbReadStale();
            case REJECT_RECLAIM_FAIL -> counters.rejectReclaimFail.sum();
            case WB_READ_CORRUPT -> wb.wbReadCorrupt();
            case RECOMPRESSED_PAGES -> counters.recompressedPages.sum();
            case RECOMPRESSED_BYTES_SAVED -> counters.recompressedBytesSaved.sum();
        }, current.transform.driver(), batches);
    }

    /**
     * Closes the engine: stops the shrinker and lets reads of written-back pages finish, waits for
     * stores and loads in flight by taking every context lock, then releases every pool, the allocator's
     * arenas, the context buffers and the backing file.
     */
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        if (writeback != null) {
            writeback.close();
        }
        List<ZswapPool> live = pools.live();
        for (ZswapPool p : live) {
            p.lockAll();
        }
        try {
            zsPool.close();
            for (ZswapPool p : live) {
                p.destroy();
            }
        } finally {
            for (ZswapPool p : live) {
                p.unlockAll();
            }
        }
        if (writeback != null) {
            writeback.closeFile();
        }
    }
}
