package dev.acomp.api;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compression transform, as the kernel's {@code struct crypto_acomp}: allocated by the
 * {@link AcompRegistry} for one algorithm and driver, shared by threads, each with its own
 * {@link AcompRequest}s. It owns its requests' life cycle; the driver behind it only runs units.
 */
public final class Acomp implements AutoCloseable {
    private final String algorithm;
    private final String driver;
    private final AcompTransform<Object> transform;
    private final int batchSize;
    private final CallbackFailureHandler callbackFailureHandler;
    private final Set<AcompRequest> requests = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    Acomp(AcompDriver driver, AcompTransform<?> transform, AcompOptions options) {
        this.algorithm = driver.algorithm();
        this.driver = driver.name();
        this.transform = (AcompTransform<Object>) transform;
        this.batchSize = transform.maxBatchSize();
        this.callbackFailureHandler = options.callbackFailureHandler();
        if (batchSize < 1 || batchSize > driver.maxBatchSize()) {
            throw new IllegalStateException(this.driver + " made a transform of batch size " + batchSize
                    + ", outside the driver's 1.." + driver.maxBatchSize());
        }
    }

    /** The algorithm, e.g. {@code "deflate"}. */
    public String algorithm() {
        return algorithm;
    }

    /** The driver, e.g. {@code "deflate-iaa"}. */
    public String driver() {
        return driver;
    }

    /**
     * How many units one request may carry (kernel: {@code crypto_acomp_batch_size}): 1 for sequential
     * codecs.
     */
    public int maxBatchSize() {
        return batchSize;
    }

    /** A destination of this many bytes always holds the compressed form of {@code sourceLength} bytes. */
    public int maxCompressedLength(int sourceLength) {
        if (sourceLength < 0) {
            throw new IllegalArgumentException("negative source length: " + sourceLength);
        }
        return transform.maxCompressedLength(sourceLength);
    }

    /**
     * A new request bound to this transform, holding whatever per-request state the driver reuses
     * (codec contexts, native jobs). Allocate once, reuse for many operations, close when done.
     */
    public AcompRequest newRequest() {
        if (closed) {
            throw new RequestFailedException.AcompClosedException(driver, 0, "transform closed");
        }
        AcompRequest request = new AcompRequest(this, batchSize, transform.newRequestContext());
        requests.add(request);
        if (closed) {
            request.close();
            throw new RequestFailedException.AcompClosedException(driver, 0, "transform closed");
        }
        return request;
    }

    /**
     * Starts the request. Its callback is called exactly once, when every unit has completed, possibly
     * before this method returns. Failures of units are reported as their {@link AcompRequest#failure},
     * never thrown; misuse throws: a request of another transform ({@link IllegalArgumentException}), one
     * already in flight or with a unit lacking buffers ({@link IllegalStateException}), a closed one
     * ({@link RequestFailedException.AcompClosedException}).
     */
    public void submit(AcompRequest request) {
        if (request.transform() != this) {
            throw new IllegalArgumentException("request of " + request.transform().driver() + " submitted to "
                    + driver);
        }
        request.begin();
        try {
            transform.submit(request.submission());
        } catch (Throwable t) {
            // A codec's Error (a native library's UnsatisfiedLinkError, say) must not leave the request in
            // flight: its callback and whoever waits are owed a completion.
            request.abandon(t);
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
        }
    }

    void runCallback(AcompRequest request, AcompCallback callback) {
        try {
            callback.onComplete(request);
        } catch (Throwable t) {
            callbackFailureHandler.callbackFailed(request, t);
        }
    }

    void released(AcompRequest request, Object context) {
        requests.remove(request);
        transform.releaseRequestContext(context);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Driver counters (fallbacks, resubmits, ...), named by what they count. */
    public Map<String, Long> statistics() {
        return transform.statistics();
    }

    /**
     * Closes every request of this transform, waiting for those in flight, then releases the driver's
     * transform. Submitting a request afterwards throws {@link RequestFailedException.AcompClosedException}.
     */
    @Override
    public void close() {
        synchronized (requests) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (AcompRequest r : requests) {
            r.close();
        }
        transform.close();
    }

    @Override
    public String toString() {
        return "Acomp[" + driver + ", batch " + batchSize + "]";
    }
}
