package dev.acomp.api;

/** Base of every typed acomp error: registry look-ups and failed request units alike. */
public class AcompException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AcompException(String message, Throwable cause) {
        super(message, cause);
    }
}
