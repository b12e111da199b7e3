package dev.acomp.api.spi;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.DriverUnavailableException;

/**
 * One implementation of one algorithm, as the kernel's {@code struct acomp_alg}: several drivers may
 * implement an algorithm ({@code deflate-iaa}, {@code deflate-generic}); the available one with the
 * highest priority wins.
 */
public interface AcompDriver {
    /** The algorithm, e.g. {@code "deflate"}. Drivers of one algorithm produce the same format. */
    String algorithm();

    /** The unique driver name, e.g. {@code "deflate-generic"}. */
    String name();

    int priority();

    /** The largest batch a transform of this driver accepts; 1 for sequential codecs. */
    int maxBatchSize();

    boolean isAvailable();

    /** Why the driver is unavailable, or null when it is available. */
    Throwable cause();

    default void ensureAvailability() {
        if (!isAvailable()) {
            throw new DriverUnavailableException(name(), cause());
        }
    }

    /** A new transform. Throws {@link DriverUnavailableException} when the driver cannot run here. */
    Acomp allocate(AcompOptions options);
}
