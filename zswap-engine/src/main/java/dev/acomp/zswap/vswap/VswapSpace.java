package dev.acomp.zswap.vswap;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The virtual swap space: clusters of descriptors, found by index without any global lock (the array of
 * clusters only grows, by copy, under an allocation lock that store and load never take).
 */
public final class VswapSpace {
    private final int clusterSize;
    private final ReentrantLock allocationLock = new ReentrantLock();
    private volatile VswapCluster[] clusters = new VswapCluster[0];
    /** Where the last allocation succeeded; allocation searches from there. */
    private int hint;

    public VswapSpace(int clusterSize) {
        if (clusterSize < 1) {
            throw new IllegalArgumentException("cluster size must be positive: " + clusterSize);
        }
        this.clusterSize = clusterSize;
    }

    public int clusterSize() {
        return clusterSize;
    }

    /** The cluster holding {@code entry}, or null when no such cluster exists. */
    public VswapCluster cluster(long entry) {
        if (entry < 0) {
            return null;
        }
        long index = entry / clusterSize;
        VswapCluster[] cs = clusters;
        return index < cs.length ? cs[(int) index] : null;
    }

    /** The one cluster entries {@code first..first + nr - 1} lie in; throws when they span none or two. */
    public VswapCluster runCluster(long first, int nr) {
        VswapCluster c = cluster(first);
        if (nr < 1 || c == null || cluster(first + nr - 1) != c) {
            throw new IllegalArgumentException("entries " + first + ".." + (first + nr - 1)
                    + " are not a run in one cluster");
        }
        return c;
    }

    /** Allocates a run of {@code nr} descriptors in one cluster; returns the first entry. */
    public long allocate(int nr) {
        if (nr < 1 || nr > clusterSize) {
            throw new IllegalArgumentException("a run takes 1.." + clusterSize + " entries (one cluster), not " + nr);
        }
        allocationLock.lock();
        try {
            VswapCluster[] cs = clusters;
            for (int k = 0; k < cs.length; k++) {
                int ci = (hint + k) % cs.length;
                int start = freeRun(cs[ci], nr);
                if (start >= 0) {
                    hint = ci;
                    return take(cs[ci], start, nr);
                }
            }
            VswapCluster fresh = new VswapCluster((long) cs.length * clusterSize, clusterSize);
            VswapCluster[] grown = Arrays.copyOf(cs, cs.length + 1);
            grown[cs.length] = fresh;
            clusters = grown;
            hint = cs.length;
            return take(fresh, 0, nr);
        } finally {
            allocationLock.unlock();
        }
    }

    private int freeRun(VswapCluster c, int nr) {
        if (clusterSize - c.allocatedCount < nr) {
            return -1;
        }
        int start = c.allocated.nextClearBit(0);
        while (start + nr <= clusterSize) {
            int end = c.allocated.nextSetBit(start);
            if (end < 0 || end - start >= nr) {
                return start;
            }
            start = c.allocated.nextClearBit(end);
        }
        return -1;
    }

    private long take(VswapCluster c, int start, int nr) {
        c.allocated.set(start, start + nr);
        c.allocatedCount += nr;
        c.lock.lock();
        try {
            for (int i = start; i < start + nr; i++) {
                c.allocate(i);
            }
        } finally {
            c.lock.unlock();
        }
        return c.base() + start;
    }

    /**
     * Releases one descriptor. The caller holds the cluster lock and has erased the entry; the run is
     * reusable once {@link #reclaim} has run for it.
     */
    public void release(VswapCluster c, int i) {
        c.release(i);
    }

    /** Makes released descriptors {@code [first, first + nr)} of one cluster allocatable again. */
    public void reclaim(VswapCluster c, int first, int nr) {
        allocationLock.lock();
        try {
            c.allocated.clear(first, first + nr);
            c.allocatedCount -= nr;
        } finally {
            allocationLock.unlock();
        }
    }

    /** The cluster at {@code index} (0 until {@link #clusterCount()}). */
    public VswapCluster clusterAt(int index) {
        return clusters[index];
    }

    public int clusterCount() {
        return clusters.length;
    }

    /** Heap bytes of every cluster's descriptor arrays. */
    public long metadataBytes() {
        long bytes = 0;
        for (VswapCluster c : clusters) {
            bytes += c.metadataBytes();
        }
        return bytes;
    }
}
