package dev.acomp.zswap;

/** Base of the engine's typed errors; each names the entry it concerns. */
public abstract class ZswapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ZswapException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No entry is stored at this swap entry (never stored, invalidated, or never allocated). */
    public static final class EntryNotFoundException extends ZswapException {
        private static final long serialVersionUID = 1L;

        public EntryNotFoundException(long entry) {
            super("no zswap entry at swap entry " + entry, null);
        }
    }

    /** The stored bytes did not decompress to a page; the destination page was zeroed. */
    public static final class DecompressionFailedException extends ZswapException {
        private static final long serialVersionUID = 1L;

        public DecompressionFailedException(long entry, String driver, String detail, Throwable cause) {
            super("swap entry " + entry + ": " + driver + " failed to decompress: " + detail, cause);
        }
    }

    /** The engine was closed. */
    public static final class EngineClosedException extends ZswapException {
        private static final long serialVersionUID = 1L;

        public EngineClosedException() {
            super("zswap engine closed", null);
        }
    }
}
