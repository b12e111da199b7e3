package dev.acomp.cli.run;

import dev.acomp.api.AcompRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** How one engine run goes; immutable, made with {@link #builder()}. Every setting has a default. */
public final class RunSettings {
    /** The most threads a run takes. */
    public static final int MAX_THREADS = 1024;
    /** The pool's compressor unless told otherwise. */
    public static final String DEFAULT_COMPRESSOR = "lz4";
    /** Steady passes unless told otherwise: as {@code bench}. */
    public static final int DEFAULT_PASSES = 5;
    private final AcompRegistry registry;
    private final String compressor;
    private final PoolLimit poolLimit;
    private final Path backingFile;
    private final int threads;
    private final AccessPattern access;
    private final long loads;
    private final long seed;
    private final int passes;
    private final String recompressor;

    private RunSettings(Builder b) {
        this.registry = b.registry;
        this.compressor = b.compressor;
        this.poolLimit = b.poolLimit;
        this.backingFile = b.backingFile;
        this.threads = b.threads;
        this.access = b.access;
        this.loads = b.loads;
        this.seed = b.seed;
        this.passes = b.passes;
        this.recompressor = b.recompressor;
    }

    public static Builder builder(AcompRegistry registry) {
        return new Builder(registry);
    }

    /** A copy with another compressor: {@code compare} runs the same settings once per driver. */
    public RunSettings withCompressor(String name) {
        return new Builder(this).compressor(name).build();
    }

    /** A copy with a recompressor: {@code run --recompress}. */
    public RunSettings withRecompressor(String name) {
        return new Builder(this).recompressor(name).build();
    }

    public AcompRegistry registry() {
        return registry;
    }

    /** Algorithm or driver name (default {@link #DEFAULT_COMPRESSOR}). */
    public String compressor() {
        return compressor;
    }

    /** The pool limit (default none: the pool may hold all the data). */
    public Optional<PoolLimit> poolLimit() {
        return Optional.ofNullable(poolLimit);
    }

    /** Where written-back pages go (default: a temporary file, deleted after the run, when there is a limit). */
    public Optional<Path> backingFile() {
        return Optional.ofNullable(backingFile);
    }

    /** Threads storing and loading (default 1). */
    public int threads() {
        return threads;
    }

    /** The order of the loads (default {@link AccessPattern#SEQ}). */
    public AccessPattern access() {
        return access;
    }

    /** Loads in the access pattern; 0 (default) means one per page. */
    public long loads() {
        return loads;
    }

    /** Seed of the folio mix and the access pattern (default 1). */
    /** The secondary compressor that recompresses the idle pages after the store phase, if any. */
    public Optional<String> recompressor() {
        return Optional.ofNullable(recompressor);
    }

    public long seed() {
        return seed;
    }

    /** Timed steady passes after the cold pass and the warm-up (default {@link #DEFAULT_PASSES}): {@link PassPlan}. */
    public int passes() {
        return passes;
    }

    public static final class Builder {
        private final AcompRegistry registry;
        private String compressor = DEFAULT_COMPRESSOR;
        private PoolLimit poolLimit;
        private Path backingFile;
        private int threads = 1;
        private AccessPattern access = AccessPattern.SEQ;
        private long loads;
        private long seed = 1;
        private int passes = DEFAULT_PASSES;
        private String recompressor;

        private Builder(AcompRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        private Builder(RunSettings s) {
            this(s.registry);
            compressor = s.compressor;
            poolLimit = s.poolLimit;
            backingFile = s.backingFile;
            threads = s.threads;
            access = s.access;
            loads = s.loads;
            seed = s.seed;
            passes = s.passes;
            recompressor = s.recompressor;
        }

        public Builder compressor(String compressor) {
            this.compressor = Objects.requireNonNull(compressor, "compressor");
            return this;
        }

        public Builder poolLimit(PoolLimit poolLimit) {
            this.poolLimit = poolLimit;
            return this;
        }

        public Builder backingFile(Path backingFile) {
            this.backingFile = backingFile;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ": " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder access(AccessPattern access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        public Builder loads(long loads) {
            if (loads < 0) {
                throw new IllegalArgumentException("loads must not be negative: " + loads);
            }
            this.loads = loads;
            return this;
        }

        public Builder recompressor(String recompressor) {
            this.recompressor = Objects.requireNonNull(recompressor, "recompressor");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder passes(int passes) {
            if (passes < 1) {
                throw new IllegalArgumentException("passes must be at least 1: " + passes);
            }
            this.passes = passes;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(this);
        }
    }
}
