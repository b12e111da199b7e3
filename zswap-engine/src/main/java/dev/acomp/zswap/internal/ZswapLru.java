package dev.acomp.zswap.internal;

import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The LRU of in-memory entries (zswap's list_lru) as a CLOCK over the descriptors: no links, no lock of
 * its own, nothing to do on store or erase. Split into shards by cluster, each with its own hand, so no
 * single counter is shared by every shrinker. A load sets an entry's {@link VswapCluster#REFERENCED} bit;
 * the hand, passing an entry with an object in the pool, clears the bit (second chance) or, if it is
 * clear, isolates the entry: an entry untouched for a whole lap of the hand goes before any touched
 * since, and within a lap they go in descriptor order (the granularity of this LRU is a lap).
 *
 * <p>Each step of a hand is claimed by one caller (an atomic counter) and examined under the cluster lock
 * only: no lock is held across clusters, so the lock order stays cluster first, and this has no lock.
 */
final class ZswapLru {
    private final VswapSpace space;
    private final AtomicLong[] hands;
    private final AtomicInteger cursor = new AtomicInteger();

    /** What {@link #isolateColdest} found: the entry and its generation then. */
    static final class Isolated {
        long entry;
        int generation;
    }

    ZswapLru(VswapSpace space, int shardCount) {
        this.space = space;
        this.hands = new AtomicLong[shardCount];
        for (int i = 0; i < shardCount; i++) {
            hands[i] = new AtomicLong();
        }
    }

    /**
     * The coldest entry of the next shard that has one, with its generation (the caller checks it again
     * under the cluster lock before acting: the entry may change once the lock is dropped). Clears the
     * referenced bits the hand passes. False when no shard has an entry in the pool (two laps found none).
     */
    boolean isolateColdest(Isolated out) {
        int start = Math.floorMod(cursor.getAndIncrement(), hands.length);
        for (int k = 0; k < hands.length; k++) {
            if (sweep((start + k) % hands.length, out)) {
                return true;
            }
        }
        return false;
    }

    private boolean sweep(int shard, Isolated out) {
        int clusterSize = space.clusterSize();
        int clusters = clustersIn(shard);
        long descriptors = (long) clusters * clusterSize;
        AtomicLong hand = hands[shard];
        for (long step = 0; step < 2 * descriptors; step++) {
            long p = Math.floorMod(hand.getAndIncrement(), descriptors);
            VswapCluster c = space.clusterAt(shard + hands.length * (int) (p / clusterSize));
            int i = (int) (p % clusterSize);
            c.lock.lock();
            try {
                int f = c.flags(i);
                if (!VswapCluster.holdsObject(f)) {
                    continue;
                }
                if ((f & VswapCluster.REFERENCED) != 0) {
                    c.clearFlag(i, VswapCluster.REFERENCED);
                    continue;
                }
                out.entry = c.base() + i;
                out.generation = c.generation(i);
                return true;
            } finally {
                c.lock.unlock();
            }
        }
        return false;
    }

    /** Clusters of the shard: those whose index is the shard's modulo the shard count. */
    private int clustersIn(int shard) {
        int count = space.clusterCount();
        return count <= shard ? 0 : (count - shard + hands.length - 1) / hands.length;
    }
}
