package dev.acomp.cli.usemem;

/** The plain memory a usemem run asked for cannot be had: malloc refused its size. */
public final class MemoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
