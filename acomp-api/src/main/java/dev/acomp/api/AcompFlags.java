package dev.acomp.api;

/**
 * Request flags, as the kernel's {@code CRYPTO_TFM_REQ_*}. Both are set on a new request. A driver that
 * never blocks and is never busy (every software codec) meets both whatever their value.
 */
public final class AcompFlags {
    /**
     * The submitting thread may be descheduled (parked, slept) while {@link Acomp#submit} waits for a
     * device (kernel: {@code CRYPTO_TFM_REQ_MAY_SLEEP}). Without it a driver that waits spins.
     */
    public static final int MAY_SLEEP = 1;
    /**
     * A busy backend may resubmit the unit, or hand it to its software fallback, instead of failing it at
     * once with {@link Status#BUSY} (kernel: {@code CRYPTO_TFM_REQ_MAY_BACKLOG}).
     */
    public static final int MAY_BACKLOG = 1 << 1;
    /** Every flag; other bits are refused. */
    public static final int ALL = MAY_SLEEP | MAY_BACKLOG;

    private AcompFlags() {
    }
}
