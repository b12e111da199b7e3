package dev.acomp.api;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;

/** The registry's line for a provider that could not be loaded: never available, with the reason. */
final class UnloadableProvider implements AcompDriver {
    private final String provider;
    private final Throwable cause;

    UnloadableProvider(String provider, Throwable failure) {
        this.provider = provider;
        this.cause = new IllegalStateException("provider " + provider + " did not load: " + failure, failure);
    }

    @Override
    public String algorithm() {
        return "?";
    }

    @Override
    public String name() {
        return provider;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public int maxBatchSize() {
        return 1;
    }

    @Override
    public Throwable cause() {
        return cause;
    }

    @Override
    public AcompTransform<?> allocate(AcompOptions options) {
        throw new DriverUnavailableException(provider, cause);
    }
}
