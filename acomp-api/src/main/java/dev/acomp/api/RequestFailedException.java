package dev.acomp.api;

/**
 * A unit of a request failed. Names the driver, the unit, the status and, where the backend has
 * one, its native status code. {@link #of} picks the subclass for a status.
 */
public class RequestFailedException extends AcompException {
    private static final long serialVersionUID = 1L;

    /** No native status code. */
    public static final int NO_NATIVE_CODE = Integer.MIN_VALUE;

    private final Status status;
    private final String driver;
    private final int unit;
    private final int nativeCode;

    protected RequestFailedException(Status status, String driver, int unit, int nativeCode, String detail,
            Throwable cause) {
        super(message(status, driver, unit, nativeCode, detail), cause);
        if (status == Status.OK) {
            throw new IllegalArgumentException("a failure needs a failing status");
        }
        this.status = status;
        this.driver = driver;
        this.unit = unit;
        this.nativeCode = nativeCode;
    }

    private static String message(Status status, String driver, int unit, int nativeCode, String detail) {
        StringBuilder sb = new StringBuilder(driver).append(": unit ").append(unit).append(": ")
                .append(status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (nativeCode != NO_NATIVE_CODE) {
            sb.append(" (native status ").append(nativeCode).append(')');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** The typed exception for {@code status}. */
    public static RequestFailedException of(Status status, String driver, int unit, int nativeCode, String detail,
            Throwable cause) {
        switch (status) {
            case DESTINATION_TOO_SMALL:
                return new DestinationTooSmallException(driver, unit, nativeCode, detail, cause);
            case CORRUPT_INPUT:
                return new CorruptInputException(driver, unit, nativeCode, detail, cause);
            case BUSY:
                return new BackendBusyException(driver, unit, nativeCode, detail);
            case CLOSED:
                return new AcompClosedException(driver, unit, detail);
            case BACKEND_FAILURE:
                return new BackendFailureException(driver, unit, nativeCode, detail, cause);
            default:
                throw new IllegalArgumentException("not a failure: " + status);
        }
    }

    public Status status() {
        return status;
    }

    public String driver() {
        return driver;
    }

    public int unit() {
        return unit;
    }

    /** The backend's own status code, or {@link #NO_NATIVE_CODE}. */
    public int nativeCode() {
        return nativeCode;
    }

    /** The destination cannot hold the output. Nothing was written past its limit. */
    public static final class DestinationTooSmallException extends RequestFailedException {
        private static final long serialVersionUID = 1L;

        public DestinationTooSmallException(String driver, int unit, int nativeCode, String detail, Throwable cause) {
            super(Status.DESTINATION_TOO_SMALL, driver, unit, nativeCode, detail, cause);
        }
    }

    /** The source is not a valid stream: corrupt or truncated. */
    public static final class CorruptInputException extends RequestFailedException {
        private static final long serialVersionUID = 1L;

        public CorruptInputException(String driver, int unit, int nativeCode, String detail, Throwable cause) {
            super(Status.CORRUPT_INPUT, driver, unit, nativeCode, detail, cause);
        }
    }

    /** The device queues were full and the request could not wait. */
    public static final class BackendBusyException extends RequestFailedException {
        private static final long serialVersionUID = 1L;

        public BackendBusyException(String driver, int unit, int nativeCode, String detail) {
            super(Status.BUSY, driver, unit, nativeCode, detail, null);
        }
    }

    /** The transform or the request was closed. */
    public static final class AcompClosedException extends RequestFailedException {
        private static final long serialVersionUID = 1L;

        public AcompClosedException(String driver, int unit, String detail) {
            super(Status.CLOSED, driver, unit, NO_NATIVE_CODE, detail, null);
        }
    }

    /** The backend failed; {@link #nativeCode()} says how, where it can. */
    public static final class BackendFailureException extends RequestFailedException {
        private static final long serialVersionUID = 1L;

        public BackendFailureException(String driver, int unit, int nativeCode, String detail, Throwable cause) {
            super(Status.BACKEND_FAILURE, driver, unit, nativeCode, detail, cause);
        }
    }
}
