package dev.acomp.api;

/** The driver exists but cannot run here; the cause says why (library missing, no device, ...). */
public final class DriverUnavailableException extends AcompException {
    private static final long serialVersionUID = 1L;

    public DriverUnavailableException(String name, Throwable cause) {
        super("driver '" + name + "' is unavailable: " + (cause == null ? "no cause given" : cause.getMessage()),
                cause);
    }
}
