package dev.acomp.api.spi;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import java.nio.ByteBuffer;

/**
 * Base of a synchronous driver (the kernel's scomp): each unit runs on the submitting thread, one after
 * another, and the request completes there before {@link #submit} returns. A subclass gives a per-request
 * context, the bound and the two codec calls; whatever a codec throws, an {@link Error} included, becomes
 * that unit's failure.
 *
 * @param <C> the per-request codec context (reused, never shared between threads)
 */
public abstract class SequentialAcomp<C extends AutoCloseable> implements AcompTransform<C> {
    private final String driver;
    private final int batchSize;

    protected SequentialAcomp(String driver, AcompOptions options) {
        this.driver = driver;
        this.batchSize = options.batchSizeFor(driver, 1);
    }

    /** A fresh per-request context. */
    protected abstract C newContext();

    /**
     * Compresses {@code src} (position to limit) into {@code dst} (position up to limit, never past it),
     * leaving both positions and limits as they were. Returns the output length; a destination too small
     * for the output is {@link Status#DESTINATION_TOO_SMALL}. Throws a {@link RequestFailedException} (use
     * {@link #failure}) for a failure it recognises.
     */
    protected abstract int compress(C context, ByteBuffer src, ByteBuffer dst);

    /** As {@link #compress}, the other way; a stream it cannot decode is {@link Status#CORRUPT_INPUT}. */
    protected abstract int decompress(C context, ByteBuffer src, ByteBuffer dst);

    /** The driver's name. */
    protected final String driver() {
        return driver;
    }

    @Override
    public final int maxBatchSize() {
        return batchSize;
    }

    @Override
    public final C newRequestContext() {
        return newContext();
    }

    @Override
    public final void releaseRequestContext(C context) {
        try {
            context.close();
        } catch (Exception e) {
            // Releasing a codec context has nothing useful to report to the caller.
        }
    }

    @Override
    public final void submit(Submission<C> request) {
        C context = request.context();
        boolean compress = request.operation() == Operation.COMPRESS;
        for (int i = 0; i < request.units(); i++) {
            try {
                ByteBuffer src = request.source(i);
                ByteBuffer dst = request.destination(i);
                request.succeeded(i, compress ? compress(context, src, dst) : decompress(context, src, dst));
            } catch (RequestFailedException e) {
                request.failed(i, e);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                request.failed(i, new RequestFailedException.BackendFailureException(driver, i,
                        RequestFailedException.NO_NATIVE_CODE, e.toString(), e));
            }
        }
        request.complete();
    }

    /** A typed failure of this driver, for subclasses to throw from the codec calls. */
    protected final RequestFailedException failure(Status status, String detail, Throwable cause) {
        return failure(status, RequestFailedException.NO_NATIVE_CODE, detail, cause);
    }

    /** As {@link #failure(Status, String, Throwable)}, with the codec's own error code. */
    protected final RequestFailedException failure(Status status, int nativeCode, String detail, Throwable cause) {
        return RequestFailedException.of(status, driver, 0, nativeCode, detail, cause);
    }
}
