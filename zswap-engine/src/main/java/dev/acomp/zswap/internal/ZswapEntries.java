package dev.acomp.zswap.internal;

import dev.acomp.zswap.alloc.ObjectOwners;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import dev.acomp.zswap.writeback.BackingFile;
import java.util.function.LongUnaryOperator;

/**
 * Entry life cycle in the descriptors (seed 001's zswap_entry_store/erase): erasing an entry releases
 * what it holds; compaction finds the owners of objects here, and repoints an entry to its moved object.
 */
public final class ZswapEntries implements ObjectOwners {
    /** No pool: {@link #eraseLocked(VswapCluster, int, int)} keeps no reference. */
    static final int NO_POOL = -1;

    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;
    /** The backing file, or null without writeback. */
    private final BackingFile file;

    ZswapEntries(VswapSpace space, ZsPool zsPool, ZswapPools pools, ZswapCounters counters, Lifecycle lifecycle,
            BackingFile file) {
        this.space = space;
        this.zsPool = zsPool;
        this.pools = pools;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.file = file;
    }

    /**
     * Under the cluster lock: erases descriptor {@code i}'s entry, if any, and releases its object (or
     * record) and pool reference (zswap_entry_free).
     */
    void eraseLocked(VswapCluster c, int i) {
        eraseLocked(c, i, NO_POOL);
    }

    /**
     * As {@link #eraseLocked(VswapCluster, int)}, except that a compressed entry of pool {@code keepRefOf}
     * keeps its pool reference for the caller, which stores the descriptor's next entry in that pool: a
     * store over an entry of its own pool then touches the pool's shared reference count not at all.
     * Returns whether the reference was kept.
     */
    boolean eraseLocked(VswapCluster c, int i, int keepRefOf) {
        int f = c.flags(i);
        if ((f & VswapCluster.STORED) == 0) {
            return false;
        }
        boolean kept = false;
        if ((f & VswapCluster.SAME_FILLED) != 0) {
            counters.sameFilledPages.decrement();
        } else {
            if ((f & VswapCluster.WRITTEN_BACK) != 0) {
                if (!file.isClosed()) {
                    file.free(c.slot(i), c.recordLength(i));
                }
            } else {
                zsPool.free(c.handle(i));
            }
            if ((f & VswapCluster.RAW) != 0) {
                counters.storedIncompressiblePages.decrement();
            } else if (c.poolId(i) == keepRefOf) {
                kept = true;
            } else {
                // The pool is destroyed only when no store or load holds a reference to it; a load that
                // pinned it through this entry (EntryLoad.loadPinned) may still hold a context, which
                // destroy waits for: such a load waits for no lock while it holds it.
                pools.ofEntry(c.poolId(i)).put();
            }
        }
        counters.storedPages.decrement();
        c.eraseEntry(i);
        return kept;
    }

    /** zswap_invalidate: drops the entry at {@code entry}; false when there was none. */
    public boolean invalidate(long entry) {
        VswapCluster c = space.cluster(entry);
        if (c == null) {
            return false;
        }
        c.lock.lock();
        try {
            lifecycle.ensureOpen();
            int i = c.index(entry);
            if (!c.has(i, VswapCluster.STORED)) {
                return false;
            }
            eraseLocked(c, i);
            return true;
        } finally {
            c.lock.unlock();
        }
    }

    /** Erases the entries of {@code [first, first + nr)}, which lie in cluster {@code c}. */
    void eraseRun(VswapCluster c, long first, int nr) {
        c.lock.lock();
        try {
            int start = c.index(first);
            for (int i = start; i < start + nr; i++) {
                eraseLocked(c, i);
            }
        } finally {
            c.lock.unlock();
        }
    }

    /** Marks every entry in the pool idle (zram's idle marking); a load or a new store clears it. */
    int markIdle() {
        int marked = 0;
        for (int k = 0; k < space.clusterCount(); k++) {
            VswapCluster c = space.clusterAt(k);
            c.lock.lock();
            try {
                for (int i = 0; i < c.size(); i++) {
                    if (VswapCluster.holdsObject(c.flags(i))) {
                        c.setFlag(i, VswapCluster.IDLE);
                        marked++;
                    }
                }
            } finally {
                c.lock.unlock();
            }
        }
        return marked;
    }

    /** Offers each entry's object, cluster by cluster under the cluster lock, and repoints it if it moved. */
    @Override
    public void relocateAll(LongUnaryOperator mover) {
        for (int k = 0; k < space.clusterCount(); k++) {
            VswapCluster c = space.clusterAt(k);
            c.lock.lock();
            try {
                for (int i = 0; i < c.size(); i++) {
                    if (VswapCluster.holdsObject(c.flags(i))) {
                        c.setHandle(i, mover.applyAsLong(c.handle(i)));
                    }
                }
            } finally {
                c.lock.unlock();
            }
        }
    }
}
