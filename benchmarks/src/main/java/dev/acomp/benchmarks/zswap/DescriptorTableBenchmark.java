package dev.acomp.benchmarks.zswap;

import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's descriptor table (vswap clusters, one lock each, descriptors in primitive arrays) beside
 * zswap's old one: one tree of entry objects under one lock. One operation stores an entry, loads it
 * and erases it, each step under the table's lock as the engine takes it. Both tables hold
 * {@value #RESIDENT} other entries; each thread cycles through its own 4096 entries (its own clusters,
 * as the engine allocates them). Scores are cycles per microsecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DescriptorTableBenchmark {
    private static final int CLUSTER_SIZE = 512;
    private static final int RESIDENT = 64 * 1024;
    private static final int ENTRIES_PER_THREAD = 4096;
    private static final int LENGTH = 1024;

    private VswapSpace space;
    private GlobalTree tree;

    /** zswap's rb-tree under its tree lock: one entry object per stored page. */
    static final class GlobalTree {
        private final ReentrantLock lock = new ReentrantLock();
        private final TreeMap<Long, long[]> entries = new TreeMap<>();

        void store(long entry, long handle, int length) {
            lock.lock();
            try {
                entries.put(entry, new long[] {handle, length});
            } finally {
                lock.unlock();
            }
        }

        long load(long entry) {
            lock.lock();
            try {
                long[] e = entries.get(entry);
                return e == null ? -1 : e[0] + e[1];
            } finally {
                lock.unlock();
            }
        }

        void erase(long entry) {
            lock.lock();
            try {
                entries.remove(entry);
            } finally {
                lock.unlock();
            }
        }
    }

    @Setup
    public void fill() {
        space = new VswapSpace(CLUSTER_SIZE);
        tree = new GlobalTree();
        for (long entry : allocate(space, RESIDENT)) {
            storeDescriptor(space, entry);
            tree.store(entry, handleOf(entry), LENGTH);
        }
    }

    /** A thread's own entries, allocated a cluster at a time. */
    @State(Scope.Thread)
    public static class Cursor {
        private long[] entries;
        private int next;

        @Setup
        public void allocate(DescriptorTableBenchmark b) {
            entries = DescriptorTableBenchmark.allocate(b.space, ENTRIES_PER_THREAD);
        }

        long nextEntry() {
            long e = entries[next];
            next = next + 1 == entries.length ? 0 : next + 1;
            return e;
        }
    }

    private static long[] allocate(VswapSpace space, int count) {
        long[] entries = new long[count];
        for (int i = 0; i < count; i += CLUSTER_SIZE) {
            long first = space.allocate(CLUSTER_SIZE);
            for (int k = 0; k < CLUSTER_SIZE; k++) {
                entries[i + k] = first + k;
            }
        }
        return entries;
    }

    private static long handleOf(long entry) {
        return entry << 4;
    }

    @Benchmark
    @Threads(1)
    public long vswapClusters(Cursor c) {
        return descriptorCycle(c.nextEntry());
    }

    @Benchmark
    @Threads(2)
    public long vswapClusters2Threads(Cursor c) {
        return descriptorCycle(c.nextEntry());
    }

    @Benchmark
    @Threads(1)
    public long globalTree(Cursor c) {
        return treeCycle(c.nextEntry());
    }

    @Benchmark
    @Threads(2)
    public long globalTree2Threads(Cursor c) {
        return treeCycle(c.nextEntry());
    }

    private long descriptorCycle(long entry) {
        storeDescriptor(space, entry);
        VswapCluster c = space.cluster(entry);
        int i = c.index(entry);
        long found;
        c.lock.lock();
        try {
            found = c.has(i, VswapCluster.STORED) ? c.handle(i) + c.poolId(i) : -1;
        } finally {
            c.lock.unlock();
        }
        c.lock.lock();
        try {
            c.eraseEntry(i);
        } finally {
            c.lock.unlock();
        }
        return found;
    }

    private static void storeDescriptor(VswapSpace space, long entry) {
        VswapCluster c = space.cluster(entry);
        c.lock.lock();
        try {
            c.storeEntry(c.index(entry), handleOf(entry), 0, 0);
        } finally {
            c.lock.unlock();
        }
    }

    private long treeCycle(long entry) {
        tree.store(entry, handleOf(entry), LENGTH);
        long found = tree.load(entry);
        tree.erase(entry);
        return found;
    }
}
