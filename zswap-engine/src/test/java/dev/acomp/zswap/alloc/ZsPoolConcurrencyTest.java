package dev.acomp.zswap.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Threads storing, reading, replacing and freeing objects over several arenas while another compacts
 * (class compaction and arena draining); every read is checked against what its owner last wrote.
 */
class ZsPoolConcurrencyTest {
    private static final int PAGE = 4096;
    private static final int OWNERS = 3000;

    /** Each owner's handle, size and content seed, guarded by the owner's own lock, as an engine's entry. */
    private final long[] handles = new long[OWNERS];
    private final int[] sizes = new int[OWNERS];
    private final long[] seeds = new long[OWNERS];
    private final Object[] locks = new Object[OWNERS];
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong verifiedReads = new AtomicLong();
    private final AtomicLong seedSource = new AtomicLong();

    private static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private void store(ZsPool pool, int owner, int size, int lane) {
        long seed = seedSource.incrementAndGet();
        long h = pool.malloc(size, lane, 0);
        assertNotEquals(0, h);
        pool.write(h, ByteBuffer.wrap(payload(size, seed)));
        if (handles[owner] != 0) {
            pool.free(handles[owner]);
        }
        handles[owner] = h;
        sizes[owner] = size;
        seeds[owner] = seed;
    }

    private void verify(ZsPool pool, int owner) {
        ByteBuffer out = ByteBuffer.allocate(sizes[owner]);
        assertEquals(sizes[owner], pool.read(handles[owner], out, 0));
        assertArrayEquals(payload(sizes[owner], seeds[owner]), out.array(), "owner " + owner);
        verifiedReads.incrementAndGet();
    }

    private void worker(ZsPool pool, int ops, int lane) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try {
            for (int op = 0; op < ops; op++) {
                int owner = rnd.nextInt(OWNERS);
                int choice = rnd.nextInt(10);
                synchronized (locks[owner]) {
                    if (handles[owner] == 0) {
                        if (choice < 3) {
                            store(pool, owner, 300 + rnd.nextInt(PAGE - 300), lane);
                        }
                    } else if (choice < 4) {
                        verify(pool, owner);
                    } else if (choice < 8) {
                        pool.free(handles[owner]);
                        handles[owner] = 0;
                    } else {
                        store(pool, owner, 300 + rnd.nextInt(PAGE - 300), lane);
                    }
                }
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    @Test
    void compactionAndArenaDrainingUnderLoadKeepEveryObjectRight() throws Exception {
        DirectBuffers memory = new DirectBuffers();
        ObjectOwners owners = mover -> {
            for (int i = 0; i < OWNERS; i++) {
                synchronized (locks[i]) {
                    if (handles[i] != 0) {
                        handles[i] = mover.applyAsLong(handles[i]);
                    }
                }
            }
        };
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            for (int i = 0; i < OWNERS; i++) {
                locks[i] = new Object();
                store(pool, i, 300 + new Random(i).nextInt(PAGE - 300), 0);
            }
            int arenasWhenFull = pool.arenaCount();
            assertTrue(arenasWhenFull >= 5, arenasWhenFull + " arenas");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong moved = new AtomicLong();
            AtomicLong fewestArenas = new AtomicLong(Long.MAX_VALUE);
            Thread compactor = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        moved.addAndGet(pool.compact(owners));
                        fewestArenas.accumulateAndGet(pool.arenaCount(), Math::min);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "compactor");
            compactor.start();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int lane = t;
                Thread w = new Thread(() -> worker(pool, 40_000, lane), "worker-" + t);
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            stop.set(true);
            compactor.join();
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(failures.size() + " failures");
                failures.forEach(e::addSuppressed);
                throw e;
            }

            assertTrue(verifiedReads.get() > 5000, "reads verified: " + verifiedReads.get());
            assertTrue(moved.get() > 0, "compaction moved objects under load");
            assertTrue(fewestArenas.get() < arenasWhenFull, "arenas drained under load: " + fewestArenas.get()
                    + " of " + arenasWhenFull);
            for (int i = 0; i < OWNERS; i++) {
                if (handles[i] != 0) {
                    verify(pool, i);
                    pool.free(handles[i]);
                }
            }
            assertEquals(0, pool.objectCount());
            assertEquals(0, pool.poolBytes());
            assertEquals(0, pool.reservedBytes());
            assertEquals(0, memory.allocatedBytes());
        }
    }

    @Test
    void anArenaIsAllocatedWithNoLockHeldSoStoresIntoTheSameClassGoOn() throws Exception {
        CountDownLatch allocating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger allocations = new AtomicInteger();
        DirectBuffers slowSecondArena = new DirectBuffers(bytes -> {
            if (allocations.incrementAndGet() == 2) {
                allocating.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ByteBuffer.allocateDirect(bytes);
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, slowSecondArena)) {
            // Pages stored raw, a chunk of one page each: the first arena holds 64.
            for (int i = 0; i < Arenas.ARENA_BYTES / PAGE; i++) {
                assertNotEquals(0, pool.malloc(PAGE, 0, 0));
            }
            Future<Long> grower = threads.submit(() -> pool.malloc(PAGE, 0, 0));
            assertTrue(allocating.await(10, TimeUnit.SECONDS));
            // Meanwhile another store into that class, and one into another class, grow and place theirs.
            Future<Long> other = threads.submit(() -> pool.malloc(PAGE, 0, 0) + pool.malloc(100, 0, 0));
            try {
                assertNotEquals(0L, other.get(10, TimeUnit.SECONDS));
            } finally {
                release.countDown();
            }
            assertNotEquals(0L, grower.get(10, TimeUnit.SECONDS));
            assertEquals(3, pool.arenaCount());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, slowSecondArena.allocatedBytes());
    }

    @Test
    void threadsGrowingArenasAtOnceUpToTheCapKeepTheCapAndEveryObject() throws Exception {
        DirectBuffers memory = new DirectBuffers();
        long cap = 12L * Arenas.ARENA_BYTES + 5 * Arenas.BLOCK_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, cap, memory)) {
            int threads = 4;
            long[][] held = new long[threads][4000];
            long[][] seedsHeld = new long[threads][4000];
            int[] counts = new int[threads];
            AtomicLong maxReserved = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Thread w = new Thread(() -> {
                    try {
                        Random rnd = new Random(me);
                        for (int k = 0; k < held[me].length; k++) {
                            int size = 100 + rnd.nextInt(PAGE - 100);
                            long h = pool.malloc(size, me, 0);
                            maxReserved.accumulateAndGet(pool.reservedBytes(), Math::max);
                            if (h == 0) {
                                continue;
                            }
                            long seed = seedSource.incrementAndGet();
                            pool.write(h, ByteBuffer.wrap(payload(size, seed)));
                            held[me][counts[me]] = h;
                            seedsHeld[me][counts[me]++] = seed;
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "grower-" + t);
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
            assertTrue(maxReserved.get() <= cap, "reserved " + maxReserved.get() + " over the cap " + cap);
            assertTrue(pool.reservedBytes() > cap - Arenas.ARENA_BYTES, "the pool grew to its cap: "
                    + pool.reservedBytes());
            long stored = 0;
            for (int t = 0; t < threads; t++) {
                for (int k = 0; k < counts[t]; k++) {
                    long h = held[t][k];
                    ByteBuffer out = ByteBuffer.allocate(pool.length(h));
                    pool.read(h, out, 0);
                    assertArrayEquals(payload(pool.length(h), seedsHeld[t][k]), out.array());
                    stored++;
                }
            }
            assertEquals(stored, pool.objectCount());
            assertFalse(stored == (long) threads * held[0].length, "the cap refused some");
        }
        assertEquals(0, memory.allocatedBytes());
    }
}
