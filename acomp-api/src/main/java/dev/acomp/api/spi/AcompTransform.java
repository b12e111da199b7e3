package dev.acomp.api.spi;

import java.util.Map;

/**
 * The driver's side of one allocated transform, as the operations of the kernel's {@code struct
 * acomp_alg}: the caller holds the {@link dev.acomp.api.Acomp} made around it and never sees this.
 * {@link dev.acomp.api.Acomp} owns the requests' life cycle (set-up checks, in flight, closing, the
 * callback); the driver only runs units and completes them through the {@link Submission} it is given.
 *
 * @param <C> the driver's per-request state (native jobs, codec contexts), made once per request and
 *            reused for every submission of it
 */
public interface AcompTransform<C> {
    /** How many units one request may carry: 1 for sequential codecs. */
    int maxBatchSize();

    /**
     * A true bound: a destination of this many bytes always holds the compressed form of any
     * {@code sourceLength} bytes ({@code sourceLength} is never negative here).
     */
    int maxCompressedLength(int sourceLength);

    /**
     * The state for a new request. May throw a {@link dev.acomp.api.RequestFailedException} when the
     * backend cannot provide it; the caller's {@code newRequest()} then throws it.
     */
    C newRequestContext();

    /** Releases what {@link #newRequestContext()} made; called once, when its request is closed. */
    default void releaseRequestContext(C context) {
    }

    /**
     * Runs the units of {@code submission} and completes it, exactly once, on this thread or later on
     * another one. Unit failures are reported with {@link Submission#failed}, never thrown. After
     * {@link Submission#complete()} the driver touches neither the submission nor its context: the
     * request may be resubmitted or closed at once. A driver that throws from here gives the request up:
     * every unit without a result fails with what was thrown and the request completes.
     */
    void submit(Submission<C> submission);

    /** Driver counters (fallbacks, resubmits, ...), named by what they count. */
    default Map<String, Long> statistics() {
        return Map.of();
    }

    /** Releases the transform; called once, after every one of its requests has been closed. */
    default void close() {
    }
}
