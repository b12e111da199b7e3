package dev.acomp.cli.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A timed phase of a pass: its wall time and the CPU time of the threads that ran it. CPU time counts
 * what the work cost (user and system time, the kernel's zram compressing in the writer's system calls
 * included) and leaves out any wait for a CPU, so that a busy moment of a shared host moves it less than
 * the wall time.
 *
 * <p>Each thread's CPU time is read inside the wall-time interval, so that on one thread it is never more.
 *
 * @param nanos wall time
 * @param cpuNanos the threads' CPU time together, or -1 when this JVM cannot measure thread CPU time
 */
public record PhaseTime(long nanos, long cpuNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The calling thread's CPU time so far, or -1 when this JVM cannot measure it. */
    public static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** The CPU time a thread spent from {@code startCpuNanos} (from {@link #threadCpuNanos}) until now. */
    public static long threadCpuSince(long startCpuNanos) {
        return startCpuNanos < 0 ? -1 : threadCpuNanos() - startCpuNanos;
    }

    /** CPU time added up over threads or intervals: unmeasured as soon as one part is. */
    public static long addCpu(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    /** Microseconds of CPU time per page over {@code bytes} of pages; NaN when unmeasured or no pages. */
    double cpuMicrosPerPage(long bytes) {
        long pages = bytes / PageSnapshot.PAGE_SIZE;
        return cpuNanos < 0 || pages == 0 ? Double.NaN : cpuNanos / 1e3 / pages;
    }
}
