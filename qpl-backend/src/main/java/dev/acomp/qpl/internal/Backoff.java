package dev.acomp.qpl.internal;

import java.util.concurrent.locks.LockSupport;

/** How a polling thread waits between sweeps that found nothing done: spin, then yield, then park briefly. */
final class Backoff {
    private static final int SPINS = 64;
    private static final int YIELDS = 256;
    private static final long PARK_NANOS = 20_000;

    private Backoff() {
    }

    /**
     * Waits after the {@code idle}-th fruitless sweep in a row; returns the next count. A thread that may
     * not sleep ({@link dev.acomp.api.AcompFlags#MAY_SLEEP} unset) only spins.
     */
    static int idle(int idle, boolean maySleep) {
        if (idle < SPINS || !maySleep) {
            Thread.onSpinWait();
        } else if (idle < YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
            return idle;
        }
        return idle + 1;
    }
}
