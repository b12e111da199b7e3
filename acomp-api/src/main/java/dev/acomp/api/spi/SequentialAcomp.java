package dev.acomp.api.spi;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.CallbackFailureHandler;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import java.nio.ByteBuffer;

/**
 * Base of a synchronous driver (the kernel's scomp): each unit runs on the submitting thread, one after
 * another, and the callback runs there before {@link #submit} returns. Subclasses give a per-request
 * context and the two codec calls; this class owns the request life cycle, closing, and turning
 * unexpected exceptions into typed failures.
 *
 * @param <C> the per-request codec context (reused, never shared between threads)
 */
public abstract class SequentialAcomp<C extends AutoCloseable> implements Acomp {
    private final String algorithm;
    private final String driver;
    private final int batchSize;
    private final CallbackFailureHandler callbackFailureHandler;
    private final OpenRequests requests = new OpenRequests();
    private volatile boolean closed;

    protected SequentialAcomp(String algorithm, String driver, AcompOptions options) {
        this.algorithm = algorithm;
        this.driver = driver;
        this.batchSize = options.batchSizeFor(driver, 1);
        this.callbackFailureHandler = options.callbackFailureHandler();
    }

    /** A fresh per-request context. */
    protected abstract C newContext();

    /**
     * Compresses {@code src} (position to limit) into {@code dst} (position to limit), leaving both
     * positions and limits as they were. Returns the output length; throws a
     * {@link RequestFailedException} (use {@link #failure}) for a failure it recognises.
     */
    protected abstract int compress(C context, ByteBuffer src, ByteBuffer dst);

    /** As {@link #compress}, the other way. */
    protected abstract int decompress(C context, ByteBuffer src, ByteBuffer dst);

    @Override
    public final String algorithm() {
        return algorithm;
    }

    @Override
    public final String driver() {
        return driver;
    }

    @Override
    public final int maxBatchSize() {
        return batchSize;
    }

    @Override
    public final AcompRequest newRequest() {
        if (closed) {
            throw new RequestFailedException.AcompClosedException(driver, 0, "transform closed");
        }
        C context = newContext();
        return requests.open(this, batchSize, context, () -> closeQuietly(context));
    }

    @Override
    @SuppressWarnings("unchecked")
    public final void submit(AcompRequest request) {
        request.beginSubmission(this);
        C context = (C) request.driverContext();
        boolean compress = request.operation() == Operation.COMPRESS;
        for (int i = 0; i < request.units(); i++) {
            if (closed) {
                request.unitFailed(i, new RequestFailedException.AcompClosedException(driver, i, "transform closed"));
                continue;
            }
            try {
                ByteBuffer src = request.source(i);
                ByteBuffer dst = request.destination(i);
                if (dst.isReadOnly()) {
                    // JNI codecs write through a direct buffer's address whatever its read-only flag.
                    throw new IllegalArgumentException(driver + ": the destination buffer is read-only");
                }
                request.unitSucceeded(i, compress ? compress(context, src, dst) : decompress(context, src, dst));
            } catch (RequestFailedException e) {
                request.unitFailed(i, e);
            } catch (RuntimeException e) {
                request.unitFailed(i, new RequestFailedException.BackendFailureException(driver, i,
                        RequestFailedException.NO_NATIVE_CODE, e.toString(), e));
            }
        }
        request.complete(callbackFailureHandler);
    }

    /** A typed failure of this driver, for subclasses to throw from the codec calls. */
    protected final RequestFailedException failure(dev.acomp.api.Status status, String detail, Throwable cause) {
        return failure(status, RequestFailedException.NO_NATIVE_CODE, detail, cause);
    }

    /** As {@link #failure(dev.acomp.api.Status, String, Throwable)}, with the codec's own error code. */
    protected final RequestFailedException failure(dev.acomp.api.Status status, int nativeCode, String detail,
            Throwable cause) {
        return RequestFailedException.of(status, driver, 0, nativeCode, detail, cause);
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        requests.closeAll();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Releasing a codec context has nothing useful to report to the caller.
        }
    }
}
