package dev.acomp.zswap.internal;

import dev.acomp.zswap.PoolLimitPolicy;
import dev.acomp.zswap.alloc.ZsPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * zswap's shrinker: once the pool has hit its limit, writes back the coldest entries until the pool is
 * under the accept threshold (hysteresis). Runs on its own thread when woken by a refused store
 * ({@link PoolLimitPolicy#REJECT}), or in the storing thread ({@link PoolLimitPolicy#WRITEBACK}).
 * Gives up when the LRU is empty, the file is full, or writes keep failing.
 */
final class Shrinker implements Reclaim, AutoCloseable {
    private static final int MAX_WRITE_FAILURES = 8;
    /** Writebacks between compactions: freed objects only free chunks once compacted together. */
    private static final int COMPACT_EVERY = 64;

    private final PoolLimitPolicy policy;
    private final PoolLimit limit;
    private final ZswapLru lru;
    private final EntryWriteback writeback;
    private final ZsPool zsPool;
    private final ZswapEntries entries;
    private final int pageSize;
    private final Lifecycle lifecycle;
    private final ExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();

    Shrinker(PoolLimitPolicy policy, PoolLimit limit, ZswapLru lru, EntryWriteback writeback, ZsPool zsPool,
            ZswapEntries entries, int pageSize, Lifecycle lifecycle) {
        this.policy = policy;
        this.limit = limit;
        this.lru = lru;
        this.writeback = writeback;
        this.zsPool = zsPool;
        this.entries = entries;
        this.pageSize = pageSize;
        this.lifecycle = lifecycle;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "zswap-shrinker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean reclaimForStore() {
        if (policy == PoolLimitPolicy.WRITEBACK) {
            return shrink();
        }
        wake();
        return false;
    }

    /** Queues a background shrink unless one is queued already. */
    void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    queued.set(false);
                    shrink();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    /** Writes back cold entries until the pool is under the accept threshold; false when it could not. */
    boolean shrink() {
        ZswapLru.Isolated coldest = new ZswapLru.Isolated();
        EntryWriteback.Buffers buffers = new EntryWriteback.Buffers(pageSize);
        int failures = 0;
        int written = 0;
        while (limit.isOverAcceptThreshold()) {
            if (lifecycle.isClosed()) {
                return false;
            }
            if (!lru.isolateColdest(coldest)) {
                zsPool.compact(entries);
                return !limit.isOverAcceptThreshold();
            }
            switch (writeback.writeback(coldest.entry, coldest.generation, true, buffers)) {
                case WRITTEN:
                    if (++written % COMPACT_EVERY == 0) {
                        zsPool.compact(entries);
                    }
                    break;
                case FILE_FULL:
                    return false;
                case WRITE_ERROR:
                    if (++failures >= MAX_WRITE_FAILURES) {
                        return false;
                    }
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    /**
     * Stops the background thread after the shrink in progress, which stops early as the engine is closed.
     * Not shutdownNow: an interrupt during file IO would close the backing file's channel.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
