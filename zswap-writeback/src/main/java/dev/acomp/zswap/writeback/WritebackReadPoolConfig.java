package dev.acomp.zswap.writeback;

import java.util.Objects;

/**
 * Immutable settings of a {@link WritebackReadPool}. Defaults: 1 IO thread, 2 decompression workers,
 * 64 reads in flight, records of up to one 4 KiB page plus header, threads named {@code zswap-wb}.
 */
public final class WritebackReadPoolConfig {
    private final String name;
    private final int ioThreads;
    private final int decompressionThreads;
    private final int maxInFlight;
    private final int maxRecordLength;

    private WritebackReadPoolConfig(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.ioThreads = b.ioThreads;
        this.decompressionThreads = b.decompressionThreads;
        this.maxInFlight = b.maxInFlight;
        this.maxRecordLength = b.maxRecordLength;
        if (ioThreads < 1 || ioThreads > 2) {
            throw new IllegalArgumentException("IO threads must be 1 or 2: " + ioThreads);
        }
        if (decompressionThreads < 1) {
            throw new IllegalArgumentException("decompression threads must be at least 1: " + decompressionThreads);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1: " + maxInFlight);
        }
        if (maxRecordLength <= WrittenBackRecord.HEADER_BYTES) {
            throw new IllegalArgumentException("max record length " + maxRecordLength + " leaves no payload");
        }
    }

    public static WritebackReadPoolConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Prefix of the pool's thread names: {@code <name>-io-0}, {@code <name>-decompress-0}. */
    public String name() {
        return name;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public int decompressionThreads() {
        return decompressionThreads;
    }

    /**
     * Reads submitted and not yet completed, each with its own record buffer; {@link WritebackReadPool#readAsync}
     * waits for one to complete beyond this.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The longest record read; its payload is at most this less {@link WrittenBackRecord#HEADER_BYTES}. */
    public int maxRecordLength() {
        return maxRecordLength;
    }

    public static final class Builder {
        private String name = "zswap-wb";
        private int ioThreads = 1;
        private int decompressionThreads = 2;
        private int maxInFlight = 64;
        private int maxRecordLength = WrittenBackRecord.recordLength(4096);

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder decompressionThreads(int decompressionThreads) {
            this.decompressionThreads = decompressionThreads;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder maxRecordLength(int maxRecordLength) {
            this.maxRecordLength = maxRecordLength;
            return this;
        }

        public WritebackReadPoolConfig build() {
            return new WritebackReadPoolConfig(this);
        }
    }
}
