package dev.acomp.cli.zram;

/** The kernel's zram cannot be used for a comparison here; the message says why (no device, in use, not root). */
public final class ZramUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZramUnavailableException(String message) {
        super(message);
    }

    public ZramUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
