package dev.acomp.zswap.memory;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import java.util.Objects;

/**
 * A region's settings, immutable; built with {@link #builder()}. {@code sizeBytes} and
 * {@code residentLimitBytes} are required, the rest have defaults.
 */
public final class CompressedMemoryConfig {
    /** The region's page: the system's base page. */
    public static final int PAGE_SIZE = 4096;

    private final long sizeBytes;
    private final long residentLimitBytes;
    private final int highWaterPercent;
    private final int lowWaterPercent;
    private final String compressor;
    private final AcompRegistry registry;
    private final AcompOptions acompOptions;
    private final int faultThreads;
    private final int evictionThreads;
    private final int readaheadPages;
    private final long storeBudgetBytes;
    private final boolean userModeOnlyAllowed;

    private CompressedMemoryConfig(Builder b) {
        this.sizeBytes = b.sizeBytes;
        this.residentLimitBytes = b.residentLimitBytes;
        this.highWaterPercent = b.highWaterPercent;
        this.lowWaterPercent = b.lowWaterPercent;
        this.compressor = b.compressor;
        this.registry = b.registry != null ? b.registry : AcompRegistry.load();
        this.acompOptions = b.acompOptions;
        this.faultThreads = b.faultThreads;
        this.evictionThreads = b.evictionThreads;
        this.readaheadPages = b.readaheadPages;
        this.storeBudgetBytes = b.storeBudgetBytes >= 0 ? b.storeBudgetBytes : b.sizeBytes;
        this.userModeOnlyAllowed = b.userModeOnlyAllowed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The region's size, a multiple of {@link #PAGE_SIZE}. Required. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The resident budget: eviction keeps resident pages between the water marks of it. Required. */
    public long residentLimitBytes() {
        return residentLimitBytes;
    }

    /** Eviction starts when resident pages reach this share of the limit (default 90, Umap's). */
    public int highWaterPercent() {
        return highWaterPercent;
    }

    /** ... and stops below this share (default 70). */
    public int lowWaterPercent() {
        return lowWaterPercent;
    }

    /** Algorithm or driver name of the compressor: lz4, zstd, deflate or lzo (default {@code "lz4"}). */
    public String compressor() {
        return compressor;
    }

    /** Where the compressor comes from (default {@link AcompRegistry#load()}). */
    public AcompRegistry registry() {
        return registry;
    }

    /** Options for the transform (default {@link AcompOptions#defaults()}). */
    public AcompOptions acompOptions() {
        return acompOptions;
    }

    /** Native threads reading the userfaultfd (default 2). */
    public int faultThreads() {
        return faultThreads;
    }

    /**
     * Java threads compressing evicted pages (default 2): with every page modified, eviction compresses as many
     * pages as the faults load, and one thread on deflate held the faults at the limit (13 against 29 MB/s).
     */
    public int evictionThreads() {
        return evictionThreads;
    }

    /**
     * The most evicted neighbours a fault loads with its page, within a 64-page group (default 7, the kernel's
     * page-cluster of 3): the window adapts below it as the kernel's swap readahead does, growing with
     * readahead pages that are used and falling to none on random access.
     */
    public int readaheadPages() {
        return readaheadPages;
    }

    /** Most bytes of compressed copies; past it, pages stay resident (counted rejects). Default: the size. */
    public long storeBudgetBytes() {
        return storeBudgetBytes;
    }

    /**
     * Whether a user-mode-only userfaultfd is acceptable when that is all the system allows (default false):
     * then the kernel itself cannot fault pages in, e.g. a {@code FileChannel.write} from the region fails
     * with EFAULT for an evicted page; {@link CompressedMemory#prefault} first.
     */
    public boolean userModeOnlyAllowed() {
        return userModeOnlyAllowed;
    }

    long highWaterPages() {
        return residentLimitBytes / PAGE_SIZE * highWaterPercent / 100;
    }

    long lowWaterPages() {
        return residentLimitBytes / PAGE_SIZE * lowWaterPercent / 100;
    }

    @Override
    public String toString() {
        return "CompressedMemoryConfig[sizeBytes=" + sizeBytes + ", residentLimitBytes=" + residentLimitBytes
                + ", highWaterPercent=" + highWaterPercent + ", lowWaterPercent=" + lowWaterPercent
                + ", compressor=" + compressor + ", faultThreads=" + faultThreads + ", evictionThreads="
                + evictionThreads + ", readaheadPages=" + readaheadPages + ", storeBudgetBytes=" + storeBudgetBytes
                + ", userModeOnlyAllowed=" + userModeOnlyAllowed + "]";
    }

    public static final class Builder {
        private long sizeBytes = -1;
        private long residentLimitBytes = -1;
        private int highWaterPercent = 90;
        private int lowWaterPercent = 70;
        private String compressor = "lz4";
        private AcompRegistry registry;
        private AcompOptions acompOptions = AcompOptions.defaults();
        private int faultThreads = 2;
        private int evictionThreads = 2;
        private int readaheadPages = 7;
        private long storeBudgetBytes = -1;
        private boolean userModeOnlyAllowed;

        private Builder() {
        }

        public Builder sizeBytes(long sizeBytes) {
            if (sizeBytes <= 0 || sizeBytes % PAGE_SIZE != 0) {
                throw new IllegalArgumentException("sizeBytes must be a positive multiple of " + PAGE_SIZE + ": "
                        + sizeBytes);
            }
            this.sizeBytes = sizeBytes;
            return this;
        }

        public Builder residentLimitBytes(long residentLimitBytes) {
            if (residentLimitBytes < 64L * PAGE_SIZE) {
                throw new IllegalArgumentException("residentLimitBytes must be at least 64 pages: "
                        + residentLimitBytes);
            }
            this.residentLimitBytes = residentLimitBytes;
            return this;
        }

        public Builder waterMarks(int lowPercent, int highPercent) {
            if (lowPercent < 1 || highPercent > 100 || lowPercent >= highPercent) {
                throw new IllegalArgumentException("water marks must be 1 <= low < high <= 100: " + lowPercent
                        + ", " + highPercent);
            }
            this.lowWaterPercent = lowPercent;
            this.highWaterPercent = highPercent;
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

        public Builder faultThreads(int faultThreads) {
            this.faultThreads = threads("faultThreads", faultThreads);
            return this;
        }

        public Builder evictionThreads(int evictionThreads) {
            this.evictionThreads = threads("evictionThreads", evictionThreads);
            return this;
        }

        public Builder readaheadPages(int readaheadPages) {
            if (readaheadPages < 0 || readaheadPages > 63) {
                throw new IllegalArgumentException("readaheadPages must be 0..63: " + readaheadPages);
            }
            this.readaheadPages = readaheadPages;
            return this;
        }

        public Builder storeBudgetBytes(long storeBudgetBytes) {
            if (storeBudgetBytes < 0) {
                throw new IllegalArgumentException("storeBudgetBytes must not be negative: " + storeBudgetBytes);
            }
            this.storeBudgetBytes = storeBudgetBytes;
            return this;
        }

        public Builder userModeOnlyAllowed(boolean allowed) {
            this.userModeOnlyAllowed = allowed;
            return this;
        }

        /** Throws when a required setting is missing. */
        public CompressedMemoryConfig build() {
            if (sizeBytes < 0 || residentLimitBytes < 0) {
                throw new IllegalStateException("sizeBytes and residentLimitBytes are required");
            }
            return new CompressedMemoryConfig(this);
        }

        private static int threads(String name, int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException(name + " must be 1..64: " + n);
            }
            return n;
        }
    }
}
