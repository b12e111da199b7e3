package dev.acomp.zswap.internal;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.alloc.DirectBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The engine's pools: the current one, which new stores use, and older ones kept while entries of
 * theirs remain (zswap_pools). A descriptor names its entry's pool by a one-byte id.
 */
final class ZswapPools {
    static final int MAX_POOLS = 256;

    private final AcompRegistry registry;
    private final AcompOptions options;
    private final int contexts;
    private final int pageSize;
    private final DirectBuffers memory;
    private final AtomicReferenceArray<ZswapPool> byId = new AtomicReferenceArray<>(MAX_POOLS);
    private volatile ZswapPool current;

    ZswapPools(AcompRegistry registry, AcompOptions options, int contexts, int pageSize, DirectBuffers memory,
            String compressor) {
        this.registry = registry;
        this.options = options;
        this.contexts = contexts;
        this.pageSize = pageSize;
        this.memory = memory;
        this.current = create(compressor);
    }

    /** A new pool of {@code compressor} besides the current one, with a reference the caller holds. */
    synchronized ZswapPool add(String compressor) {
        return create(compressor);
    }

    private synchronized ZswapPool create(String compressor) {
        for (int id = 0; id < MAX_POOLS; id++) {
            if (byId.get(id) == null) {
                ZswapPool pool = ZswapPool.create(id, registry.allocate(compressor, options), contexts, pageSize,
                        memory, p -> byId.compareAndSet(p.id, p, null));
                byId.set(id, pool);
                return pool;
            }
        }
        throw new IllegalStateException("all " + MAX_POOLS + " pool ids hold entries; cannot switch to " + compressor);
    }

    /** The current pool, with a reference the caller puts. */
    ZswapPool currentGet() {
        while (true) {
            ZswapPool p = current;
            if (p.tryGet()) {
                return p;
            }
        }
    }

    ZswapPool current() {
        return current;
    }

    /** Pool {@code id} with a reference the caller puts, or null when it no longer exists. */
    ZswapPool get(int id) {
        ZswapPool p = byId.get(id);
        return p != null && p.tryGet() ? p : null;
    }

    /** A pool of {@code driver} with a reference the caller puts, or null when there is none. */
    ZswapPool withDriver(String driver) {
        for (int id = 0; id < MAX_POOLS; id++) {
            ZswapPool p = byId.get(id);
            if (p != null && p.transform.driver().equals(driver) && p.tryGet()) {
                return p;
            }
        }
        return null;
    }

    /** Pool {@code id}, which the caller knows holds an entry, without taking a reference. */
    ZswapPool ofEntry(int id) {
        ZswapPool p = ofEntryIfLive(id);
        if (p == null) {
            throw new IllegalStateException("entry names pool " + id + ", which no longer exists");
        }
        return p;
    }

    /**
     * As {@link #ofEntry}, but null when the pool is gone: only an engine close releases a pool that
     * still has entries.
     */
    ZswapPool ofEntryIfLive(int id) {
        return byId.get(id);
    }

    /** Makes a pool of {@code compressor} current; the old one goes when its last entry does. */
    synchronized void switchTo(String compressor) {
        ZswapPool fresh = create(compressor);
        ZswapPool old = current;
        current = fresh;
        old.put();
    }

    /** Every pool not yet released. */
    List<ZswapPool> live() {
        List<ZswapPool> out = new ArrayList<>();
        for (int id = 0; id < MAX_POOLS; id++) {
            ZswapPool p = byId.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
