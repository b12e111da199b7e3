package dev.acomp.software.internal;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;
import java.util.Objects;

/**
 * A generic driver: batch size 1, priority {@value #PRIORITY}, available when its codec library loads.
 * The library is probed once, when the driver is made; a failure is kept as the cause instead of thrown,
 * so a provider always loads.
 */
public abstract class SoftwareDriver implements AcompDriver {
    /** Below accelerators, which register higher, as the kernel's generic drivers do. */
    public static final int PRIORITY = 100;

    private final String algorithm;
    private final String name;
    private final Throwable cause;

    /**
     * @param libraryLoader loads the codec's native library (or merely touches its classes); what it
     *     throws makes the driver unavailable
     */
    protected SoftwareDriver(String algorithm, String name, Runnable libraryLoader) {
        this.algorithm = algorithm;
        this.name = name;
        this.cause = probe(name, libraryLoader);
    }

    private static Throwable probe(String name, Runnable libraryLoader) {
        try {
            libraryLoader.run();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return new IllegalStateException(name + ": codec library did not load: " + e, e);
        }
    }

    /** A transform of this driver; called only when the driver is available. */
    protected abstract AcompTransform<?> newTransform(AcompOptions options);

    @Override
    public final String algorithm() {
        return algorithm;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return PRIORITY;
    }

    @Override
    public final int maxBatchSize() {
        return 1;
    }

    @Override
    public final Throwable cause() {
        return cause;
    }

    @Override
    public final AcompTransform<?> allocate(AcompOptions options) {
        Objects.requireNonNull(options, "options");
        ensureAvailability();
        return newTransform(options);
    }

    @Override
    public String toString() {
        return name + (cause == null ? "" : " (unavailable: " + cause.getMessage() + ")");
    }
}
