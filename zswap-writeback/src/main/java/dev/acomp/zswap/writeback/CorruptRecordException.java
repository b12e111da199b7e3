package dev.acomp.zswap.writeback;

/** Bytes read back are not the record expected: bad magic, a length out of range, another generation. */
public final class CorruptRecordException extends WritebackException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String detail) {
        super(detail, null);
    }

    public CorruptRecordException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
