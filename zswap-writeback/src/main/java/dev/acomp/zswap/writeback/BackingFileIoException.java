package dev.acomp.zswap.writeback;

import java.util.Locale;

/** The backing file failed an operation; names the file, the operation and the slot. */
public final class BackingFileIoException extends WritebackException {
    private static final long serialVersionUID = 1L;

    /** What the backing file was doing. */
    public enum Operation {
        CREATE,
        WRITE,
        READ,
        CLOSE
    }

    /** The slot of a {@link Operation#CREATE} or {@link Operation#CLOSE} failure. */
    public static final long NO_SLOT = -1;

    private final Operation operation;
    private final long slot;

    public BackingFileIoException(String file, Operation operation, long slot, String detail, Throwable cause) {
        super(file + ": " + operation.name().toLowerCase(Locale.ROOT)
                + (slot == NO_SLOT ? "" : " at slot " + slot) + " failed: " + detail, cause);
        this.operation = operation;
        this.slot = slot;
    }

    public Operation operation() {
        return operation;
    }

    /** The record's first sector, or {@link #NO_SLOT}. */
    public long slot() {
        return slot;
    }
}
