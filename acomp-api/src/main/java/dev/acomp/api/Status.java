package dev.acomp.api;

/** The outcome of one unit of a request. Every value but {@link #OK} has a typed exception. */
public enum Status {
    OK,
    /** The destination cannot hold the output; nothing was written past its limit. */
    DESTINATION_TOO_SMALL,
    /** The source is not a valid stream for the algorithm (corrupt or truncated). */
    CORRUPT_INPUT,
    /** The device queues were full and the request could not be backlogged ({@link AcompFlags#MAY_BACKLOG}). */
    BUSY,
    /** The transform was closed. */
    CLOSED,
    /** The backend failed; {@link RequestFailedException#nativeCode()} holds its code where it has one. */
    BACKEND_FAILURE
}
