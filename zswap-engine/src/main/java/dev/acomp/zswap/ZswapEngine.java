package dev.acomp.zswap;

import dev.acomp.zswap.internal.ZswapCore;
import dev.acomp.zswap.internal.ZswapStatsBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A zswap-style compressed page store. Callers allocate runs of virtual swap entries, store folios of
 * pages at them (whole or not at all), load pages back, and invalidate or free entries. Thread-safe; no
 * global lock on the store and load paths.
 *
 * <p>With a backing file, a shrinker writes the coldest entries back, still compressed, when the pool
 * passes {@code max_pool_percent} of the memory budget; written-back pages load from the file.
 *
 * <p>Buffers: a store reads {@code nrPages} pages from the folio's position, a load writes one page at
 * the page buffer's position; neither changes positions or limits.
 */
public final class ZswapEngine implements AutoCloseable {
    private final ZswapCore core;
    private final List<ObjectName> registered = new ArrayList<>();

    private ZswapEngine(ZswapCore core) {
        this.core = core;
    }

    /** An engine with one pool of {@code config.compressor()}. */
    public static ZswapEngine create(ZswapConfig config) {
        return new ZswapEngine(new ZswapCore(config));
    }

    public ZswapConfig config() {
        return core.config();
    }

    /** Allocates a run of {@code nrPages} swap entries in one cluster; returns the first. */
    public long allocateEntries(int nrPages) {
        return core.allocateEntries(nrPages);
    }

    /** Frees a run of entries from {@link #allocateEntries}, dropping whatever is stored at them. */
    public void freeEntries(long first, int nrPages) {
        core.freeEntries(first, nrPages);
    }

    /**
     * Stores {@code nrPages} (1..cluster size) pages at entries {@code firstEntry...}, replacing what was
     * there. False when rejected (counted by reason in {@link #stats()}); then none of those entries
     * holds anything. A load of one of those entries while the store runs may find none (the old entry
     * goes before the new one is made).
     */
    public boolean store(long firstEntry, ByteBuffer folio, int nrPages) {
        return core.store(firstEntry, folio, nrPages);
    }

    /**
     * Loads the page stored at {@code entry} into {@code page}. Throws
     * {@link ZswapException.EntryNotFoundException}, {@link ZswapException.DecompressionFailedException}
     * (the page is then zeroed) or {@link ZswapException.EngineClosedException}; for a written-back page
     * also the writeback module's typed errors, the page zeroed: {@code BackingFileIoException}, and
     * {@code CorruptRecordException} when its record failed its check on the file (counted in
     * wb_read_corrupt). The entry is kept then: every later load of it fails the same way until it is
     * stored again or invalidated, which frees its record.
     */
    public void load(long entry, ByteBuffer page) {
        core.load(entry, page);
    }

    /**
     * Loads as {@link #load}; a written-back page is read and decompressed on the writeback read pool
     * (IO, then decompression on its workers), any other synchronously. The future fails as {@code load}
     * throws, or with the writeback module's typed errors: {@code StaleReadException} when the entry
     * changed while its read was in flight (counted in wb_read_stale), {@code BackingFileIoException},
     * {@code CorruptRecordException} (as for {@code load}). A failed load leaves the page zeroed; touch the page only once the
     * future is done.
     */
    public CompletableFuture<Void> loadAsync(long entry, ByteBuffer page) {
        return core.loadAsync(entry, page);
    }

    /** Marks every entry in the pool idle (zram's idle marking); a load or store clears it. Returns how many. */
    public int markIdle() {
        return core.markIdle();
    }

    /**
     * zram's recompress: tries at most {@code maxPages} entries held in the pool (with {@code idleOnly},
     * only those idle since the last {@link #markIdle}), raw ones included, with the secondary compressor
     * ({@link ZswapConfig#recompressor}); an entry takes the new object only when it is smaller, and is
     * then loaded with the secondary compressor. Counted in recompressed_pages and
     * recompressed_bytes_saved. Returns how many entries became smaller.
     */
    public long recompress(boolean idleOnly, long maxPages) {
        return core.recompress(idleOnly, maxPages);
    }

    /** Writes back entries idle since the last {@link #markIdle}, within writeback_limit. Needs a backing file. */
    public WritebackResult writebackIdle() {
        return core.writebackIdle();
    }

    /** Writes back entries stored as is (zram's huge pages), within writeback_limit. Needs a backing file. */
    public WritebackResult writebackHuge() {
        return core.writebackHuge();
    }

    /** Writes back the coldest entries until {@code maxBytes} of records are written, within writeback_limit. */
    public WritebackResult writeback(long maxBytes) {
        return core.writeback(maxBytes);
    }

    /** Runs the shrinker in the calling thread; false when the pool could not get under the accept threshold. */
    public boolean shrink() {
        return core.shrink();
    }

    /** Drops the entry stored at {@code entry}; false when there was none. */
    public boolean invalidate(long entry) {
        return core.invalidate(entry);
    }

    public ZswapStats stats() {
        return core.stats();
    }

    /**
     * New stores use a pool of {@code name} (algorithm or driver); entries of the old pool stay
     * readable, and the old pool is released with its last entry.
     */
    public void switchCompressor(String name) {
        core.switchCompressor(name);
    }

    /** Compacts the allocator (zsmalloc compaction); returns how many objects moved. */
    public long compact() {
        return core.compact();
    }

    /**
     * Registers the counters ({@link ZswapCounter}, one attribute each) as an MBean named {@code dev.acomp.zswap:type=ZswapEngine,name=<name>}
     * in the platform MBean server, until close.
     */
    public synchronized ObjectName registerMBean(String name) {
        try {
            ObjectName on = new ObjectName("dev.acomp.zswap", "type", "ZswapEngine");
            on = new ObjectName(on.getCanonicalName() + ",name=" + ObjectName.quote(name));
            ManagementFactory.getPlatformMBeanServer().registerMBean(new ZswapStatsBean(core::stats), on);
            registered.add(on);
            return on;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register zswap MXBean " + name + ": " + e.getMessage(), e);
        }
    }

    /** Releases every pool, the allocator's memory and the context buffers; unregisters the MXBeans. */
    @Override
    public void close() {
        synchronized (this) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName on : registered) {
                try {
                    server.unregisterMBean(on);
                } catch (JMException e) {
                    // Already gone: nothing left to release.
                }
            }
            registered.clear();
        }
        core.close();
    }
}
