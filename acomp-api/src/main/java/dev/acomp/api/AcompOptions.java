package dev.acomp.api;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Immutable settings for a transform. Unset values take the driver's documented default.
 * Driver-specific keys go in {@link #property(String)} (e.g. {@code qpl.completion=poller}).
 */
public final class AcompOptions {
    private static final AcompOptions DEFAULTS = builder().build();

    private final OptionalInt level;
    private final OptionalInt maxBatchSize;
    private final CallbackFailureHandler callbackFailureHandler;
    private final Map<String, String> properties;

    private AcompOptions(Builder b) {
        this.level = b.level;
        this.maxBatchSize = b.maxBatchSize;
        this.callbackFailureHandler = b.callbackFailureHandler;
        this.properties = Map.copyOf(b.properties);
    }

    public static AcompOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Compression level; the driver's default when unset. */
    public OptionalInt level() {
        return level;
    }

    /** A batch size below the driver's maximum; the maximum when unset. */
    public OptionalInt maxBatchSize() {
        return maxBatchSize;
    }

    /** Where exceptions thrown by callbacks go; logs them by default. */
    public CallbackFailureHandler callbackFailureHandler() {
        return callbackFailureHandler;
    }

    public String property(String key) {
        return properties.get(key);
    }

    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** The batch size to use for a driver whose maximum is {@code driverMax}. */
    public int batchSizeFor(String driver, int driverMax) {
        int n = maxBatchSize.orElse(driverMax);
        if (n < 1 || n > driverMax) {
            throw new IllegalArgumentException(driver + " batches 1.." + driverMax + " units, not " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "AcompOptions[level=" + level + ", maxBatchSize=" + maxBatchSize + ", properties="
                + new TreeMap<>(properties) + "]";
    }

    public static final class Builder {
        private OptionalInt level = OptionalInt.empty();
        private OptionalInt maxBatchSize = OptionalInt.empty();
        private CallbackFailureHandler callbackFailureHandler = CallbackFailureHandler.logging();
        private final Map<String, String> properties = new TreeMap<>();

        private Builder() {
        }

        public Builder level(int level) {
            this.level = OptionalInt.of(level);
            return this;
        }

        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1: " + maxBatchSize);
            }
            this.maxBatchSize = OptionalInt.of(maxBatchSize);
            return this;
        }

        public Builder callbackFailureHandler(CallbackFailureHandler handler) {
            this.callbackFailureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public AcompOptions build() {
            return new AcompOptions(this);
        }
    }
}
