package dev.acomp.api;

/** Receives what a user callback threw, so that it never kills a driver's completion thread. */
@FunctionalInterface
public interface CallbackFailureHandler {
    void callbackFailed(AcompRequest request, Throwable failure);

    /** Logs the failure through {@link System.Logger} at ERROR level. */
    static CallbackFailureHandler logging() {
        return (request, failure) -> System.getLogger("dev.acomp.api")
                .log(System.Logger.Level.ERROR, "acomp callback threw for " + request, failure);
    }
}
