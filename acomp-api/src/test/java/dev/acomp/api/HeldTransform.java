package dev.acomp.api;

import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.spi.Submission;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An asynchronous driver driven by the test: {@link #submit} keeps the submission, and the test completes
 * it (or not) through {@link #held}, as a device's completion would. {@link #throwOnSubmit} makes submit
 * throw instead.
 */
final class HeldTransform implements AcompTransform<HeldTransform.Context> {
    final AtomicInteger contextsReleased = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile Submission<Context> held;
    volatile Throwable throwOnSubmit;

    static final class Context {
    }

    @Override
    public int maxBatchSize() {
        return 4;
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        return sourceLength;
    }

    @Override
    public Context newRequestContext() {
        return new Context();
    }

    @Override
    public void releaseRequestContext(Context context) {
        contextsReleased.incrementAndGet();
    }

    @Override
    public void submit(Submission<Context> submission) {
        Throwable t = throwOnSubmit;
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        held = submission;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
