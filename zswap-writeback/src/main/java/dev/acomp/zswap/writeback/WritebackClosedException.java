package dev.acomp.zswap.writeback;

/** The backing file or the read pool was closed before, or while, the operation could run. */
public final class WritebackClosedException extends WritebackException {
    private static final long serialVersionUID = 1L;

    public WritebackClosedException(String detail) {
        super(detail, null);
    }
}
