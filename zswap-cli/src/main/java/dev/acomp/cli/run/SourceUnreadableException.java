package dev.acomp.cli.run;

/** A page source cannot be read: no such process, no permission, no such file. The message says which. */
public final class SourceUnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
