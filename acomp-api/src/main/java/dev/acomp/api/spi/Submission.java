package dev.acomp.api.spi;

import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import java.nio.ByteBuffer;

/**
 * One submitted request as its driver sees it (the kernel's {@code crypto/internal/acompress.h} view of
 * an {@code acomp_req}): the units to run, the driver's per-request context, and the calls that report
 * results. Only the driver the request was submitted to receives it; caller code has no way to reach
 * it. Valid from {@link AcompTransform#submit} until {@link #complete()}.
 *
 * <p>Each unit reads its source from position to limit and writes its destination from position up to
 * its limit, never past it; positions and limits must be as they were when the unit completes. A
 * destination that cannot hold the output is {@link dev.acomp.api.Status#DESTINATION_TOO_SMALL}.
 *
 * @param <C> the driver's per-request state
 */
public interface Submission<C> {
    /** The driver's name, for failures it builds. */
    String driver();

    Operation operation();

    /** How many units this submission carries, 1 to the transform's batch size. */
    int units();

    /** The caller's {@link dev.acomp.api.AcompFlags} bits. */
    int flags();

    /** True when the caller set {@code flag}. */
    default boolean hasFlag(int flag) {
        return (flags() & flag) != 0;
    }

    ByteBuffer source(int unit);

    /** Unit {@code unit}'s destination; never read-only. */
    ByteBuffer destination(int unit);

    /** What {@link AcompTransform#newRequestContext()} made for this request. */
    C context();

    /** The caller's opaque slot, untouched. */
    Object kernelData();

    /** Unit {@code unit} wrote {@code producedLength} bytes from its destination's position. */
    void succeeded(int unit, int producedLength);

    /** Unit {@code unit} failed; the caller reads {@code failure} as the unit's result. */
    void failed(int unit, RequestFailedException failure);

    /**
     * Every unit has a result (a unit left without one fails as a backend failure): the request becomes
     * idle and the caller's callback runs once, on this thread. Completing twice throws
     * {@link IllegalStateException}.
     */
    void complete();
}
