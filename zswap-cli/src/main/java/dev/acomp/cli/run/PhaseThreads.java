package dev.acomp.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads a run's timed phases run on: a phase runs a task on every thread at once and takes the
 * wall time from its start until the last thread ends, with the threads' CPU time. The engine's run and
 * the kernel's zram both go through it, so that their phases are timed alike at any thread count.
 * Nothing else runs meanwhile: progress is drawn between phases, never inside one.
 */
public final class PhaseThreads implements AutoCloseable {
    private final ExecutorService pool;
    private final int threads;

    /** {@code threads} daemon threads named {@code name-0}, {@code name-1}, ... */
    public PhaseThreads(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("a phase needs at least one thread: " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    public int count() {
        return threads;
    }

    /**
     * Runs {@code task} with each thread's number on every thread and returns the phase's time. A task's
     * runtime exception is thrown here, once every thread has ended.
     */
    public PhaseTime run(IntConsumer task) {
        List<Future<Long>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long cpu = PhaseTime.threadCpuNanos();
                task.accept(thread);
                return PhaseTime.threadCpuSince(cpu);
            }));
        }
        long cpuNanos = 0;
        RuntimeException failure = null;
        for (Future<Long> f : futures) {
            try {
                cpuNanos = PhaseTime.addCpu(cpuNanos, f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    Throwable cause = e.getCause();
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new PhaseTime(System.nanoTime() - start, cpuNanos);
    }

    /** The first of {@code total} items that thread {@code t} takes, when each takes an equal share in turn. */
    public int share(int total, int t) {
        return (int) ((long) total * t / threads);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
