package dev.acomp.cli.fork;

/** A forked measurement that did not measure: the driver or engine failed there, or its JVM did. */
public final class ForkFailedException extends RuntimeException {
    ForkFailedException(String message) {
        super(message);
    }
}
