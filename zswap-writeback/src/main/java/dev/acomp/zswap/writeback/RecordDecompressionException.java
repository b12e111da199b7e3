package dev.acomp.zswap.writeback;

/**
 * A record passed its check on the file, but its driver failed to decompress it into the page (a driver
 * error, not a changed file); the page was zeroed. Thrown by {@link Decompressor}s.
 */
public final class RecordDecompressionException extends WritebackException {
    private static final long serialVersionUID = 1L;

    public RecordDecompressionException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
