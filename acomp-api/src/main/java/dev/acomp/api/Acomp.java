package dev.acomp.api;

import java.util.Map;

/**
 * A compression transform, as the kernel's {@code struct crypto_acomp}: made by the registry for one
 * algorithm and driver, shared by threads, each with its own {@link AcompRequest}s.
 */
public interface Acomp extends AutoCloseable {

    /** The algorithm, e.g. {@code "deflate"}. */
    String algorithm();

    /** The driver, e.g. {@code "deflate-iaa"}. */
    String driver();

    /**
     * How many units one request may carry (kernel: {@code crypto_acomp_batch_size}). 1 for sequential
     * codecs, which must not be asked for more.
     */
    int maxBatchSize();

    /** A destination of this many bytes always holds the compressed form of {@code sourceLength} bytes. */
    int maxCompressedLength(int sourceLength);

    /**
     * A new request bound to this transform, holding whatever per-request state the driver reuses
     * (codec contexts, native jobs). Allocate once, reuse for many operations, close when done.
     */
    AcompRequest newRequest();

    /**
     * Starts the request. Its callback is called exactly once, when every unit has completed, possibly
     * before this method returns. Failures of units are reported through their statuses, never thrown;
     * misuse (a request of another transform, one already in flight, too many units) throws
     * {@link IllegalStateException} or {@link IllegalArgumentException}.
     */
    void submit(AcompRequest request);

    boolean isClosed();

    /** Driver counters (fallbacks, resubmits, ...), named by what they count. */
    default Map<String, Long> statistics() {
        return Map.of();
    }

    /**
     * Releases the transform and closes its requests, after waiting for requests in flight. Submitting a
     * closed request throws {@link RequestFailedException.AcompClosedException}; units of a request that
     * was in flight when the transform closed complete with {@link Status#CLOSED}.
     */
    @Override
    void close();
}
