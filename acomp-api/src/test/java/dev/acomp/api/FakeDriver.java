package dev.acomp.api;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;
import java.util.function.Supplier;

/** A driver for registry and life-cycle tests: a name, a priority, a transform, or why it is unavailable. */
final class FakeDriver implements AcompDriver {
    private final String algorithm;
    private final String name;
    private final int priority;
    private final int batch;
    private final Throwable cause;
    private final Supplier<AcompTransform<?>> transforms;

    private FakeDriver(String algorithm, String name, int priority, int batch, Throwable cause,
            Supplier<AcompTransform<?>> transforms) {
        this.algorithm = algorithm;
        this.name = name;
        this.priority = priority;
        this.batch = batch;
        this.cause = cause;
        this.transforms = transforms;
    }

    /** A driver of copy transforms. */
    static FakeDriver available(String algorithm, String name, int priority) {
        return new FakeDriver(algorithm, name, priority, 1, null, () -> new CopyAcomp(name, AcompOptions.defaults()));
    }

    static FakeDriver unavailable(String algorithm, String name, int priority, Throwable cause) {
        return new FakeDriver(algorithm, name, priority, 1, cause, null);
    }

    /** A driver whose only transform is {@code transform}. */
    static FakeDriver of(String name, AcompTransform<?> transform) {
        return new FakeDriver("test", name, 100, transform.maxBatchSize(), null, () -> transform);
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public int maxBatchSize() {
        return batch;
    }

    @Override
    public Throwable cause() {
        return cause;
    }

    @Override
    public AcompTransform<?> allocate(AcompOptions options) {
        ensureAvailability();
        return transforms.get();
    }
}
