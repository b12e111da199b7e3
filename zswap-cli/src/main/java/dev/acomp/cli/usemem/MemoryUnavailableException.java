package dev.acomp.cli.usemem;

/**
 * The memory a usemem run asked for cannot be had: malloc refused its size, or the Java heap cannot hold the
 * random order of its pages.
 */
public final class MemoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
