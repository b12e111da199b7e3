package dev.acomp.zswap.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private void store(ZsPool pool, int owner, int size) {
        long seed = seedSource.incrementAndGet();
        long h = pool.malloc(size);
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

    private void worker(ZsPool pool, int ops) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try {
            for (int op = 0; op < ops; op++) {
                int owner = rnd.nextInt(OWNERS);
                int choice = rnd.nextInt(10);
                synchronized (locks[owner]) {
                    if (handles[owner] == 0) {
                        if (choice < 3) {
                            store(pool, owner, 300 + rnd.nextInt(PAGE - 300));
                        }
                    } else if (choice < 4) {
                        verify(pool, owner);
                    } else if (choice < 8) {
                        pool.free(handles[owner]);
                        handles[owner] = 0;
                    } else {
                        store(pool, owner, 300 + rnd.nextInt(PAGE - 300));
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
                store(pool, i, 300 + new Random(i).nextInt(PAGE - 300));
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
                Thread w = new Thread(() -> worker(pool, 40_000), "worker-" + t);
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
}
