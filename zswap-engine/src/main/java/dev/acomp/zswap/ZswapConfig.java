package dev.acomp.zswap;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.writeback.BackingFileConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine's settings, immutable; built with {@link #builder()}. Every setting but
 * {@code memoryBudgetBytes} has a default, named after zswap's module parameters where there is one.
 */
public final class ZswapConfig {
    private final String compressor;
    private final AcompRegistry registry;
    private final AcompOptions acompOptions;
    private final int pageSize;
    private final long memoryBudgetBytes;
    private final int maxPoolPercent;
    private final int acceptThresholdPercent;
    private final boolean sameFilledPagesEnabled;
    private final int contexts;
    private final int clusterSize;
    private final Path backingFile;
    private final long backingFileBytes;
    private final boolean backingFilePresized;
    private final boolean backingFileEncrypted;
    private final BackingFileConfig.ChannelDecorator backingFileDecorator;
    private final PoolLimitPolicy poolLimitPolicy;
    private final long writebackLimitBytes;
    private final String recompressor;

    private ZswapConfig(Builder b) {
        this.compressor = b.compressor;
        this.registry = b.registry != null ? b.registry : AcompRegistry.load();
        this.acompOptions = b.acompOptions;
        this.pageSize = b.pageSize;
        this.memoryBudgetBytes = b.memoryBudgetBytes;
        this.maxPoolPercent = b.maxPoolPercent;
        this.acceptThresholdPercent = b.acceptThresholdPercent;
        this.sameFilledPagesEnabled = b.sameFilledPagesEnabled;
        this.contexts = b.contexts;
        this.clusterSize = b.clusterSize;
        this.backingFile = b.backingFile;
        this.backingFileBytes = b.backingFileBytes;
        this.backingFilePresized = b.backingFilePresized;
        this.backingFileEncrypted = b.backingFileEncrypted;
        this.backingFileDecorator = b.backingFileDecorator;
        this.poolLimitPolicy = b.poolLimitPolicy;
        this.writebackLimitBytes = b.writebackLimitBytes;
        this.recompressor = b.recompressor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Algorithm or driver name for new pools (default {@code "lz4"}). */
    public String compressor() {
        return compressor;
    }

    /**
     * The secondary compressor of {@link ZswapEngine#recompress} (zram's recomp_algorithm): an algorithm
     * or driver name, or none (the default).
     */
    public Optional<String> recompressor() {
        return Optional.ofNullable(recompressor);
    }

    /** Where compressors come from (default {@link AcompRegistry#load()}). */
    public AcompRegistry registry() {
        return registry;
    }

    /** Options for the transforms (default {@link AcompOptions#defaults()}). */
    public AcompOptions acompOptions() {
        return acompOptions;
    }

    /** Bytes per page (default 4096): a multiple of 8, 512..32768. */
    public int pageSize() {
        return pageSize;
    }

    /** The "RAM" that {@link #maxPoolPercent()} is a share of, and the allocator's hard cap. Required. */
    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /** Pool limit as a share of the budget (default 20, zswap's max_pool_percent). */
    public int maxPoolPercent() {
        return maxPoolPercent;
    }

    /** Once the limit was hit, stores are accepted again below this share of it (default 90). */
    public int acceptThresholdPercent() {
        return acceptThresholdPercent;
    }

    /** Same-filled pages keep only their fill value (default true). */
    public boolean sameFilledPagesEnabled() {
        return sameFilledPagesEnabled;
    }

    /** Compression contexts, zswap's per-CPU acomp_ctx (default: available processors). */
    public int contexts() {
        return contexts;
    }

    /** Descriptors per virtual swap cluster (default 512), also the largest folio. */
    public int clusterSize() {
        return clusterSize;
    }

    /**
     * The writeback file, if any (default none: no writeback). Created owner-only, refused if it exists
     * with content, deleted on close.
     */
    public Optional<Path> backingFile() {
        return Optional.ofNullable(backingFile);
    }

    /** Capacity of the backing file (default 64 MiB), a multiple of 512. */
    public long backingFileBytes() {
        return backingFileBytes;
    }

    /** Whether the file takes its full size at creation (sparse) rather than growing (default false). */
    public boolean backingFilePresized() {
        return backingFilePresized;
    }

    /**
     * Whether written-back records are encrypted and authenticated with AES-GCM under a key made when
     * the engine starts and never stored (default true); otherwise they are in the clear with a CRC32C.
     * Either way a record changed on the file fails its load.
     */
    public boolean backingFileEncrypted() {
        return backingFileEncrypted;
    }

    /** Wraps the backing file's channel, e.g. to inject IO faults in tests (default none). */
    public Optional<BackingFileConfig.ChannelDecorator> backingFileDecorator() {
        return Optional.ofNullable(backingFileDecorator);
    }

    /** What a store does over the pool limit (default {@link PoolLimitPolicy#REJECT}). */
    public PoolLimitPolicy poolLimitPolicy() {
        return poolLimitPolicy;
    }

    /** Most bytes explicit writeback may write, as zram's writeback_limit (default unlimited). */
    public long writebackLimitBytes() {
        return writebackLimitBytes;
    }

    /** The pool limit in bytes. */
    public long maxPoolBytes() {
        return memoryBudgetBytes / 100 * maxPoolPercent + memoryBudgetBytes % 100 * maxPoolPercent / 100;
    }

    /** The pool size under which stores are accepted again after the limit was hit. */
    public long acceptPoolBytes() {
        return maxPoolBytes() / 100 * acceptThresholdPercent + maxPoolBytes() % 100 * acceptThresholdPercent / 100;
    }

    @Override
    public String toString() {
        return "ZswapConfig[compressor=" + compressor + ", pageSize=" + pageSize + ", memoryBudgetBytes="
                + memoryBudgetBytes + ", maxPoolPercent=" + maxPoolPercent + ", acceptThresholdPercent="
                + acceptThresholdPercent + ", sameFilledPagesEnabled=" + sameFilledPagesEnabled + ", contexts="
                + contexts + ", clusterSize=" + clusterSize + ", backingFile=" + backingFile
                + ", backingFileBytes=" + backingFileBytes + ", backingFilePresized=" + backingFilePresized
                + ", backingFileEncrypted=" + backingFileEncrypted
                + ", poolLimitPolicy=" + poolLimitPolicy + ", writebackLimitBytes=" + writebackLimitBytes
                + ", recompressor=" + recompressor + "]";
    }

    public static final class Builder {
        private String compressor = "lz4";
        private AcompRegistry registry;
        private AcompOptions acompOptions = AcompOptions.defaults();
        private int pageSize = 4096;
        private long memoryBudgetBytes = -1;
        private int maxPoolPercent = 20;
        private int acceptThresholdPercent = 90;
        private boolean sameFilledPagesEnabled = true;
        private int contexts = Runtime.getRuntime().availableProcessors();
        private int clusterSize = 512;
        private Path backingFile;
        private long backingFileBytes = BackingFileConfig.DEFAULT_MAX_SIZE;
        private boolean backingFilePresized;
        private boolean backingFileEncrypted = true;
        private BackingFileConfig.ChannelDecorator backingFileDecorator;
        private PoolLimitPolicy poolLimitPolicy = PoolLimitPolicy.REJECT;
        private long writebackLimitBytes = Long.MAX_VALUE;
        private String recompressor;

        private Builder() {
        }

        /** The secondary compressor for recompression (zram's recomp_algorithm). */
        public Builder recompressor(String recompressor) {
            this.recompressor = Objects.requireNonNull(recompressor, "recompressor");
            return this;
        }

        public Builder compressor(String compressor) {
            this.compressor = Objects.requireNonNull(compressor, "compressor");
            return this;
        }

        public Builder registry(AcompRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder acompOptions(AcompOptions acompOptions) {
            this.acompOptions = Objects.requireNonNull(acompOptions, "acompOptions");
            return this;
        }

        public Builder pageSize(int pageSize) {
            if (pageSize < 512 || pageSize > 32768 || pageSize % 8 != 0) {
                throw new IllegalArgumentException("pageSize must be a multiple of 8 in 512..32768: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder memoryBudgetBytes(long memoryBudgetBytes) {
            if (memoryBudgetBytes <= 0) {
                throw new IllegalArgumentException("memoryBudgetBytes must be positive: " + memoryBudgetBytes);
            }
            this.memoryBudgetBytes = memoryBudgetBytes;
            return this;
        }

        public Builder maxPoolPercent(int maxPoolPercent) {
            this.maxPoolPercent = percent("maxPoolPercent", maxPoolPercent);
            return this;
        }

        public Builder acceptThresholdPercent(int acceptThresholdPercent) {
            this.acceptThresholdPercent = percent("acceptThresholdPercent", acceptThresholdPercent);
            return this;
        }

        public Builder sameFilledPagesEnabled(boolean enabled) {
            this.sameFilledPagesEnabled = enabled;
            return this;
        }

        public Builder contexts(int contexts) {
            if (contexts < 1 || contexts > 1024) {
                throw new IllegalArgumentException("contexts must be 1..1024: " + contexts);
            }
            this.contexts = contexts;
            return this;
        }

        public Builder clusterSize(int clusterSize) {
            if (clusterSize < 1 || clusterSize > 1 << 16) {
                throw new IllegalArgumentException("clusterSize must be 1..65536: " + clusterSize);
            }
            this.clusterSize = clusterSize;
            return this;
        }

        public Builder backingFile(Path backingFile) {
            this.backingFile = Objects.requireNonNull(backingFile, "backingFile");
            return this;
        }

        public Builder backingFileBytes(long backingFileBytes) {
            if (backingFileBytes < 512 || backingFileBytes % 512 != 0) {
                throw new IllegalArgumentException("backingFileBytes must be a positive multiple of 512: "
                        + backingFileBytes);
            }
            this.backingFileBytes = backingFileBytes;
            return this;
        }

        public Builder backingFilePresized(boolean presized) {
            this.backingFilePresized = presized;
            return this;
        }

        public Builder backingFileEncrypted(boolean encrypted) {
            this.backingFileEncrypted = encrypted;
            return this;
        }

        public Builder backingFileDecorator(BackingFileConfig.ChannelDecorator decorator) {
            this.backingFileDecorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        public Builder poolLimitPolicy(PoolLimitPolicy poolLimitPolicy) {
            this.poolLimitPolicy = Objects.requireNonNull(poolLimitPolicy, "poolLimitPolicy");
            return this;
        }

        public Builder writebackLimitBytes(long writebackLimitBytes) {
            if (writebackLimitBytes < 0) {
                throw new IllegalArgumentException("writebackLimitBytes must not be negative: " + writebackLimitBytes);
            }
            this.writebackLimitBytes = writebackLimitBytes;
            return this;
        }

        /** Throws when {@code memoryBudgetBytes} was not set. */
        public ZswapConfig build() {
            if (memoryBudgetBytes < 0) {
                throw new IllegalStateException("memoryBudgetBytes is required");
            }
            return new ZswapConfig(this);
        }

        private static int percent(String name, int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException(name + " must be 1..100: " + value);
            }
            return value;
        }
    }
}
