package dev.acomp.api;

/**
 * Called exactly once when every unit of a request has completed, on the submitting thread for
 * synchronous drivers and on a driver thread for asynchronous ones. It must not block for long.
 * A callback that throws does not disturb the driver: the exception goes to the transform's
 * {@link CallbackFailureHandler}.
 */
@FunctionalInterface
public interface AcompCallback {
    void onComplete(AcompRequest request);
}
