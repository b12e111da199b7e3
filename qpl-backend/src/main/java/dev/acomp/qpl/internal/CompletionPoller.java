package dev.acomp.qpl.internal;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The completion thread of a transform in poller mode (like iaa_crypto's async mode): takes the
 * requests submitters hand over, checks their jobs, and completes each request, running its callback,
 * once every job is done. What a callback throws goes to the transform's handler; nothing stops the thread but
 * {@link #close()}, which first finishes every request handed over.
 */
final class CompletionPoller implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 1024;
    private static final long IDLE_WAIT_MILLIS = 50;

    private final ArrayBlockingQueue<QplContext> handedOver = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrayList<QplContext> active = new ArrayList<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean stopping;

    CompletionPoller(String driver) {
        this.thread = new Thread(this::run, "acomp-" + driver + "-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands over a request whose jobs are in flight; blocks only while QUEUE_CAPACITY are waiting. */
    void track(QplContext context) {
        boolean interrupted = false;
        while (true) {
            try {
                handedOver.put(context);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int idle = 0;
        while (!(stopping && active.isEmpty() && handedOver.isEmpty())) {
            if (active.isEmpty()) {
                try {
                    QplContext next = handedOver.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        active.add(next);
                    }
                } catch (InterruptedException e) {
                    continue;
                }
            }
            handedOver.drainTo(active);
            boolean progress = false;
            for (int i = active.size() - 1; i >= 0; i--) {
                QplContext context = active.get(i);
                if (pollSafely(context)) {
                    active.set(i, active.get(active.size() - 1));
                    active.remove(active.size() - 1);
                    progress = true;
                }
            }
            idle = progress || active.isEmpty() ? 0 : Backoff.idle(idle, true);
        }
    }

    /** True when the request is done and completed; an unexpected error must not end the thread. */
    private boolean pollSafely(QplContext context) {
        try {
            if (!context.poll()) {
                return false;
            }
            context.complete();
        } catch (RuntimeException | Error e) {
            System.getLogger("dev.acomp.qpl").log(System.Logger.Level.ERROR, "completion poller", e);
        }
        return true;
    }

    /** Finishes every request handed over, then stops the thread. */
    @Override
    public void close() {
        stopping = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
