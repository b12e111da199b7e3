package dev.acomp.cli.usemem;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The usemem workload: threads fill the memory with the content pages (cycled), then, for each pass, read every
 * page of their share whole and modify one byte of it, in address order or a random order; at the end every
 * page is compared with what it must hold. Thread t owns pages [t*N/T, (t+1)*N/T).
 */
final class UsememWorkload {
    private static final int PAGE = 4096;
    /** Java heap a random order takes per page; the address order takes none. */
    private static final int ORDER_BYTES_PER_PAGE = Integer.BYTES;

    /** Byte of a page that pass k flips: distinct for the first 512 passes. */
    static int flipped(int pass) {
        return (pass * 8 + 3) % PAGE;
    }

    private final WorkloadMemory memory;
    private final byte[][] content;
    private final long pages;
    private final int threads;
    private final boolean random;

    UsememWorkload(WorkloadMemory memory, byte[][] content, long pages, int threads, boolean random) {
        this.memory = memory;
        this.content = content;
        this.pages = pages;
        this.threads = threads;
        this.random = random;
    }

    /**
     * {@link MemoryUnavailableException} when the random orders of the threads' shares of {@code pages} cannot
     * be kept: they would not fit in what the Java heap has free, or a share is over {@link Integer#MAX_VALUE}.
     */
    static void requireOrderFits(long pages, int threads, boolean random) {
        if (!random) {
            return;
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long needed = pages * ORDER_BYTES_PER_PAGE;
        if (needed > free || (pages + threads - 1) / threads > Integer.MAX_VALUE) {
            throw new MemoryUnavailableException("random access keeps " + ORDER_BYTES_PER_PAGE + " bytes per page on"
                    + " the Java heap, " + (needed >> 20) + " MiB for " + pages + " pages, and the heap has "
                    + (free >> 20) + " MiB free (-Xmx): a smaller size, or seq access", null);
        }
    }

    /** Nanoseconds of each pass; {@code mismatches} receives the pages that came back different. */
    long[] run(int passes, AtomicLong mismatches) throws InterruptedException {
        long[] nanos = new long[passes];
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread w = new Thread(() -> {
                try {
                    work(me, passes, barrier, mismatches);
                } catch (Throwable e) {
                    failure[0] = e;
                    barrier.reset();
                }
            }, "usemem-" + t);
            workers.add(w);
            w.start();
        }
        try {
            await(barrier); // filled
            for (int p = 0; p < passes; p++) {
                long start = System.nanoTime();
                await(barrier); // pass p starts
                await(barrier); // pass p done
                nanos[p] = System.nanoTime() - start;
            }
            await(barrier); // verified
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a usemem thread failed: " + failure[0], failure[0]);
        }
        for (Thread w : workers) {
            w.join();
        }
        return nanos;
    }

    private void work(int me, int passes, CyclicBarrier barrier, AtomicLong mismatches)
            throws InterruptedException, BrokenBarrierException {
        long first = pages * me / threads;
        long end = pages * (me + 1) / threads;
        int[] order = random ? shuffled((int) (end - first), me) : null;
        ByteBuffer[] views = memory.views();
        for (long p = first; p < end; p++) {
            WorkloadMemory.chunkOf(views, p).put(WorkloadMemory.offsetOf(p), content[(int) (p % content.length)]);
        }
        barrier.await();
        long sink = 0;
        for (int pass = 0; pass < passes; pass++) {
            barrier.await();
            int flip = flipped(pass);
            for (long k = 0; k < end - first; k++) {
                long p = first + (order == null ? k : order[(int) k]);
                ByteBuffer b = WorkloadMemory.chunkOf(views, p);
                int at = WorkloadMemory.offsetOf(p);
                for (int i = at; i < at + PAGE; i += Long.BYTES) {
                    sink += b.getLong(i);
                }
                b.put(at + flip, (byte) ~b.get(at + flip));
            }
            barrier.await();
        }
        byte[] want = new byte[PAGE];
        byte[] got = new byte[PAGE];
        for (long p = first; p < end; p++) {
            System.arraycopy(content[(int) (p % content.length)], 0, want, 0, PAGE);
            for (int pass = 0; pass < passes; pass++) {
                want[flipped(pass)] = (byte) ~want[flipped(pass)];
            }
            WorkloadMemory.chunkOf(views, p).get(WorkloadMemory.offsetOf(p), got);
            if (!Arrays.equals(want, got)) {
                mismatches.incrementAndGet();
            }
        }
        if (sink == 42) {
            // Keeps the reads from being optimised away; the value itself means nothing.
            Thread.onSpinWait();
        }
        barrier.await();
    }

    /** {@code 0..n-1} shuffled: the pages of a share, as offsets from its first. */
    private static int[] shuffled(int n, int seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void await(CyclicBarrier barrier) throws InterruptedException, BrokenBarrierException {
        barrier.await();
    }
}
