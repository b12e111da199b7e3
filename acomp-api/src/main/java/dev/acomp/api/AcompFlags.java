package dev.acomp.api;

/** Request flags, as the kernel's {@code CRYPTO_TFM_REQ_*}. */
public final class AcompFlags {
    /** The submitting thread may block (kernel: {@code CRYPTO_TFM_REQ_MAY_SLEEP}). */
    public static final int MAY_SLEEP = 1;
    /** A busy backend may queue the request instead of failing it with {@link Status#BUSY}. */
    public static final int MAY_BACKLOG = 1 << 1;

    private AcompFlags() {
    }
}
