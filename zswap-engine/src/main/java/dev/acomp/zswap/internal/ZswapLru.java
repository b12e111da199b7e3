package dev.acomp.zswap.internal;

import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The LRU of in-memory entries (zswap's list_lru), split into shards by cluster, each a doubly linked list
 * threaded through the descriptors' link arrays, with its own lock, so no single lock is shared by every
 * store. Lock order: cluster, then LRU shard. Entries are added hot at the tail; the shrinker isolates
 * the coldest at the head (and gives referenced ones a second chance).
 */
final class ZswapLru {
    private final VswapSpace space;
    private final Shard[] shards;
    private final AtomicInteger cursor = new AtomicInteger();

    private static final class Shard {
        final ReentrantLock lock = new ReentrantLock();
        long head = -1;
        long tail = -1;
    }

    /** What {@link #isolateColdest} took off: the entry and its generation then. */
    static final class Isolated {
        long entry;
        int generation;
    }

    ZswapLru(VswapSpace space, int shardCount) {
        this.space = space;
        this.shards = new Shard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new Shard();
        }
    }

    private Shard shardOf(VswapCluster c) {
        return shards[(int) ((c.base() / space.clusterSize()) % shards.length)];
    }

    /** Under the cluster lock: links the entry as the hottest, unless it is linked already. */
    void add(VswapCluster c, int i) {
        Shard s = shardOf(c);
        s.lock.lock();
        try {
            if (c.isOnLru(i)) {
                return;
            }
            long entry = c.base() + i;
            c.setLruNext(i, VswapCluster.LRU_END);
            if (s.tail < 0) {
                c.setLruPrev(i, VswapCluster.LRU_END);
                s.head = entry;
            } else {
                c.setLruPrev(i, s.tail + 1);
                VswapCluster t = space.cluster(s.tail);
                t.setLruNext(t.index(s.tail), entry + 1);
            }
            s.tail = entry;
        } finally {
            s.lock.unlock();
        }
    }

    /** Under the cluster lock: unlinks the entry if it is linked. */
    void remove(VswapCluster c, int i) {
        Shard s = shardOf(c);
        s.lock.lock();
        try {
            unlink(s, c, i);
        } finally {
            s.lock.unlock();
        }
    }

    private void unlink(Shard s, VswapCluster c, int i) {
        long prev = c.lruPrev(i);
        long next = c.lruNext(i);
        if (prev == VswapCluster.LRU_UNLINKED) {
            return;
        }
        if (prev == VswapCluster.LRU_END) {
            s.head = next == VswapCluster.LRU_END ? -1 : next - 1;
        } else {
            VswapCluster p = space.cluster(prev - 1);
            p.setLruNext(p.index(prev - 1), next);
        }
        if (next == VswapCluster.LRU_END) {
            s.tail = prev == VswapCluster.LRU_END ? -1 : prev - 1;
        } else {
            VswapCluster n = space.cluster(next - 1);
            n.setLruPrev(n.index(next - 1), prev);
        }
        c.setLruPrev(i, VswapCluster.LRU_UNLINKED);
        c.setLruNext(i, VswapCluster.LRU_UNLINKED);
    }

    /**
     * Takes the coldest entry of the next non-empty shard off the LRU, with its generation (stable while
     * it is linked: erasing or replacing an entry unlinks it first, under this lock). False when empty.
     */
    boolean isolateColdest(Isolated out) {
        int start = Math.floorMod(cursor.getAndIncrement(), shards.length);
        for (int k = 0; k < shards.length; k++) {
            Shard s = shards[(start + k) % shards.length];
            s.lock.lock();
            try {
                if (s.head < 0) {
                    continue;
                }
                long entry = s.head;
                VswapCluster c = space.cluster(entry);
                int i = c.index(entry);
                out.entry = entry;
                out.generation = c.generation(i);
                unlink(s, c, i);
                return true;
            } finally {
                s.lock.unlock();
            }
        }
        return false;
    }
}
