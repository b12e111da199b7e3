package dev.acomp.api.spi;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.DriverUnavailableException;

/**
 * One implementation of one algorithm, as the kernel's {@code struct acomp_alg}: several drivers may
 * implement an algorithm ({@code deflate-iaa}, {@code deflate-generic}); the available one with the
 * highest priority wins. Drivers of one algorithm produce the same format.
 */
public interface AcompDriver {
    /** The algorithm, e.g. {@code "deflate"}. */
    String algorithm();

    /** The unique driver name, e.g. {@code "deflate-generic"}. */
    String name();

    int priority();

    /** The largest batch a transform of this driver accepts; 1 for sequential codecs. */
    int maxBatchSize();

    /** Why the driver cannot run here (library missing, no work queue, ...), or null when it can. */
    Throwable cause();

    default boolean isAvailable() {
        return cause() == null;
    }

    default void ensureAvailability() {
        Throwable cause = cause();
        if (cause != null) {
            throw new DriverUnavailableException(name(), cause);
        }
    }

    /**
     * A new transform; the registry wraps it in the caller's {@link dev.acomp.api.Acomp}. Throws
     * {@link DriverUnavailableException} when the driver cannot run here.
     */
    AcompTransform<?> allocate(AcompOptions options);
}
