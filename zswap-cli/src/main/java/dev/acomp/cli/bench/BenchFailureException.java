package dev.acomp.cli.bench;

/** A driver failed a page during a benchmark: the page differed after its round trip, or a unit failed. */
public final class BenchFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
