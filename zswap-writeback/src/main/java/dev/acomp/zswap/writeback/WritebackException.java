package dev.acomp.zswap.writeback;

/** Base of every typed writeback error: backing file IO and space, record decoding, reads. */
public class WritebackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WritebackException(String message, Throwable cause) {
        super(message, cause);
    }
}
