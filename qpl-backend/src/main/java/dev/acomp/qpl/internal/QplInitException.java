package dev.acomp.qpl.internal;

/** A QPL job could not be set up; the message says why and what to do. */
final class QplInitException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    QplInitException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The {@code qpl_status}, or {@link QplStatus#OK} when the failure was found by our own checks. */
    int status() {
        return status;
    }
}
