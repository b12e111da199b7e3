package dev.acomp.api;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits for one request at a time, as the kernel's {@code crypto_wait_req}: set it as the callback,
 * submit, then {@link #await}. Reusable, allocation-free.
 */
public final class AcompWait implements AcompCallback {
    private volatile Thread waiter;
    private volatile boolean done;

    /** Arms the wait for the calling thread; call before submitting. */
    public void reset() {
        done = false;
        waiter = Thread.currentThread();
    }

    @Override
    public void onComplete(AcompRequest request) {
        done = true;
        Thread t = waiter;
        // Synchronous drivers complete on the waiting thread itself: nothing to wake.
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
    }

    /** Blocks until the request has completed. Interrupts are remembered, not thrown. */
    public void await() {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        waiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Submits {@code request} with this wait as its callback and blocks until it completes. */
    public void submitAndAwait(Acomp transform, AcompRequest request) {
        reset();
        request.callback(this);
        transform.submit(request);
        await();
    }
}
