package dev.acomp.zswap.internal;

import dev.acomp.api.Acomp;
import dev.acomp.zswap.alloc.DirectBuffers;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * zswap's {@code struct zswap_pool}: one transform and its compression contexts, reference counted
 * (zswap's percpu_ref): one reference while it is the current pool, one per compressed entry, one per
 * operation in flight. Destroyed when the last reference goes.
 */
final class ZswapPool {
    /** ZSWAP_MAX_BATCH_SIZE: caps the destination buffers per context. */
    static final int MAX_BATCH_SIZE = 8;
    /**
     * Each thread's home context slot, handed out in turn as threads first store or load, so that up to
     * as many threads as contexts each have one of their own, as each CPU has its crypto_acomp_ctx. (A
     * hash of the thread id put two consecutive threads on one slot a third of the time: every store and
     * load of one of them then first tried the other's lock, a cache line the other was writing.)
     */
    private static final AtomicInteger NEXT_HOME_SLOT = new AtomicInteger();
    private static final ThreadLocal<Integer> HOME_SLOT = ThreadLocal.withInitial(NEXT_HOME_SLOT::getAndIncrement);

    final int id;
    final Acomp transform;
    /** min(MAX_BATCH_SIZE, the transform's batch size): pages per compression request. */
    final int comprBatchSize;
    /** Pages per store step: comprBatchSize, or MAX_BATCH_SIZE / 4 compressed one by one when it is 1. */
    final int batchSize;
    private final CompressionContext[] contexts;
    private final DirectBuffers memory;
    private final AtomicLong refs = new AtomicLong(1);
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private final Consumer<ZswapPool> onRelease;

    private ZswapPool(int id, Acomp transform, CompressionContext[] contexts, int comprBatchSize,
            DirectBuffers memory, Consumer<ZswapPool> onRelease) {
        this.id = id;
        this.transform = transform;
        this.contexts = contexts;
        this.comprBatchSize = comprBatchSize;
        this.batchSize = batchSizeFor(comprBatchSize);
        this.memory = memory;
        this.onRelease = onRelease;
    }

    static int comprBatchSizeFor(int transformBatchSize) {
        return Math.min(MAX_BATCH_SIZE, transformBatchSize);
    }

    static int batchSizeFor(int comprBatchSize) {
        return comprBatchSize > 1 ? comprBatchSize : MAX_BATCH_SIZE / 4;
    }

    /**
     * A pool over {@code transform} (which it then owns) with {@code contextCount} contexts. When a
     * context cannot be allocated, everything allocated so far, the transform included, is released.
     */
    static ZswapPool create(int id, Acomp transform, int contextCount, int pageSize, DirectBuffers memory,
            Consumer<ZswapPool> onRelease) {
        int comprBatchSize = comprBatchSizeFor(transform.maxBatchSize());
        CompressionContext[] contexts = new CompressionContext[contextCount];
        try {
            for (int i = 0; i < contextCount; i++) {
                // Reader ids are unique among live contexts, and dense while few pools are alive.
                contexts[i] = CompressionContext.allocate(transform, comprBatchSize, batchSizeFor(comprBatchSize),
                        pageSize, memory, id * contextCount + i);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            for (CompressionContext c : contexts) {
                if (c != null) {
                    c.close(memory);
                }
            }
            transform.close();
            throw e;
        }
        return new ZswapPool(id, transform, contexts, comprBatchSize, memory, onRelease);
    }

    /**
     * A context for the calling thread, locked. Starts at the thread's home slot and moves on to the
     * next while it finds them contended; blocks on its home slot only when all are busy.
     */
    CompressionContext lockContext() {
        CompressionContext free = tryLockContext();
        if (free != null) {
            return free;
        }
        CompressionContext c = contexts[Math.floorMod(HOME_SLOT.get(), contexts.length)];
        c.lock.lock();
        return c;
    }

    /**
     * A context for the calling thread, locked, without waiting: its home slot or else the first free
     * one; null when every one is busy. For a caller already holding a cluster lock, which may not wait
     * for a context (the lock order is context, then cluster).
     */
    CompressionContext tryLockContext() {
        int n = contexts.length;
        int start = Math.floorMod(HOME_SLOT.get(), n);
        for (int k = 0; k < n; k++) {
            CompressionContext c = contexts[(start + k) % n];
            if (c.lock.tryLock()) {
                return c;
            }
        }
        return null;
    }

    /** Takes a reference unless the pool is already being destroyed. */
    boolean tryGet() {
        while (true) {
            long r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Takes a reference; the caller knows the pool is alive (it holds an entry of it). */
    void get() {
        get(1);
    }

    /** Takes {@code n} references at once (none for 0); the caller knows the pool is alive. */
    void get(int n) {
        if (n > 0 && refs.getAndAdd(n) <= 0) {
            throw new IllegalStateException("pool " + id + " used after release");
        }
    }

    void put() {
        put(1);
    }

    /** Puts {@code n} references at once (none for 0). */
    void put(int n) {
        if (n > 0 && refs.addAndGet(-n) == 0) {
            destroy();
        }
    }

    /**
     * Releases the contexts and the transform now, whatever the references (engine close: the caller
     * holds every context lock, so nothing of this pool is in flight). Idempotent.
     */
    void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        for (CompressionContext c : contexts) {
            c.lock.lock();
            try {
                c.close(memory);
            } finally {
                c.lock.unlock();
            }
        }
        transform.close();
        onRelease.accept(this);
    }

    long[] batchesPerContext() {
        long[] out = new long[contexts.length];
        for (int i = 0; i < contexts.length; i++) {
            out[i] = contexts[i].batches();
        }
        return out;
    }

    /** Locks every context, in order, so that no store or load of this pool is in flight. */
    void lockAll() {
        for (CompressionContext c : contexts) {
            c.lock.lock();
        }
    }

    void unlockAll() {
        for (CompressionContext c : contexts) {
            c.lock.unlock();
        }
    }
}
