package dev.acomp.api;

import dev.acomp.api.spi.AcompDriver;

/** A driver for registry tests: a name, a priority, and optionally the reason it is unavailable. */
final class FakeDriver implements AcompDriver {
    private final String algorithm;
    private final String name;
    private final int priority;
    private final Throwable cause;

    FakeDriver(String algorithm, String name, int priority, Throwable cause) {
        this.algorithm = algorithm;
        this.name = name;
        this.priority = priority;
        this.cause = cause;
    }

    static FakeDriver available(String algorithm, String name, int priority) {
        return new FakeDriver(algorithm, name, priority, null);
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
        return 1;
    }

    @Override
    public boolean isAvailable() {
        return cause == null;
    }

    @Override
    public Throwable cause() {
        return cause;
    }

    @Override
    public Acomp allocate(AcompOptions options) {
        ensureAvailability();
        return new CopyAcomp(algorithm, name, options);
    }
}
