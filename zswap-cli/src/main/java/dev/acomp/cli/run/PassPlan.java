package dev.acomp.cli.run;

import java.util.function.LongSupplier;

/**
 * How a run goes over its pages, as {@code bench} does: one cold pass (timed, reported as cold), untimed
 * warm-up passes until the JIT has seen enough pages and has gone quiet, then {@code steady} timed passes
 * whose median is the steady state. Every pass stores every page and loads in the access order, and is
 * verified. The same plan times the engine and the kernel's zram, so that they compare like for like.
 *
 * <p>Quiet, because a page count alone is not enough: the JIT compiler spends seconds of CPU on the store
 * path after the first 100,000 pages, and on a two-core host with two threads storing it takes a core
 * from them, so steady passes timed while it works measured the compiler, not the engine.
 *
 * @param warmups the fewest untimed passes after the cold one
 * @param steady timed passes after the warm-up
 */
public record PassPlan(int warmups, int steady) {
    /** The cold pass and the warm-up together cover at least this many pages (unless capped). */
    static final int WARMUP_PAGES = 1 << 16;
    /** At most this many warm-up passes for the page count: a source of a few pages does not pass thousands. */
    static final int MAX_WARMUPS = 15;
    /**
     * While the JIT is busy the warm-up goes on past {@link #MAX_WARMUPS} passes until it has lasted this
     * long: fifteen passes of the 16 MiB image take half a second, and the JIT compiles for seconds.
     */
    static final long MAX_WARMUP_NANOS = 3_000_000_000L;
    /**
     * The JIT is quiet when it has compiled for at most {@value #QUIET_JIT_PERCENT} percent of the time over
     * the last {@link #QUIET_NANOS} or more: one short pass without compiling can fall between two bursts.
     */
    static final int QUIET_JIT_PERCENT = 2;
    static final long QUIET_NANOS = 500_000_000L;

    public PassPlan {
        if (warmups < 0 || warmups > MAX_WARMUPS || steady < 1) {
            throw new IllegalArgumentException("a plan has 0.." + MAX_WARMUPS + " warm-ups and steady passes >= 1: "
                    + warmups + ", " + steady);
        }
    }

    /** The plan for {@code pages} pages and {@code steady} timed passes. */
    public static PassPlan of(int pages, int steady) {
        int warmups = (int) Math.min(MAX_WARMUPS, Math.max(0, (WARMUP_PAGES + pages - 1) / Math.max(1, pages) - 1));
        return new PassPlan(warmups, steady);
    }

    /** The fewest passes: the cold one, the warm-ups and the steady ones. */
    public int total() {
        return 1 + warmups + steady;
    }

    /** The passes of one run, the JIT watched through its compiler threads' CPU time. */
    public Passes start() {
        return start(CompilerCpu.clock(), System::nanoTime);
    }

    /** The passes of one run, {@code jitNanos} giving the JIT's compiling time so far, {@code clock} the time. */
    Passes start(LongSupplier jitNanos, LongSupplier clock) {
        return new Passes(this, jitNanos, clock);
    }

    /**
     * Where a run is in its plan, pass by pass: {@link #next} before each pass decides what it is, from the
     * passes before it and from how long the JIT has been quiet.
     */
    public static final class Passes {
        private final PassPlan plan;
        private final LongSupplier jitNanos;
        private final LongSupplier clock;
        private int pass = -1;
        private boolean warmingUp;
        private int warmups;
        private int steady;
        private long warmupStartNanos;
        /** Where the passes without compiling began, and the JIT's time then. */
        private long quietSinceNanos;
        private long jitAtQuietSince;

        private Passes(PassPlan plan, LongSupplier jitNanos, LongSupplier clock) {
            this.plan = plan;
            this.jitNanos = jitNanos;
            this.clock = clock;
        }

        /** Begins the next pass; false when the last steady pass is done. */
        public boolean next() {
            long now = clock.getAsLong();
            long jit = jitNanos.getAsLong();
            if (warmingUp) {
                warmups++;
            } else if (pass > 0) {
                steady++;
            }
            if (steady == plan.steady) {
                return false;
            }
            if (pass == 0) {
                warmupStartNanos = now;
            }
            if (pass < 0 || (jit - jitAtQuietSince) * 100 > (now - quietSinceNanos) * QUIET_JIT_PERCENT) {
                quietSinceNanos = now;
                jitAtQuietSince = jit;
            }
            boolean jitBusy = now - quietSinceNanos < QUIET_NANOS;
            warmingUp = pass >= 0 && steady == 0 && (warmups < plan.warmups
                    || jitBusy && (warmups < MAX_WARMUPS || now - warmupStartNanos < MAX_WARMUP_NANOS));
            pass++;
            return true;
        }

        /** The first pass, into an empty pool. */
        public boolean isCold() {
            return pass == 0;
        }

        /** One of the timed steady passes. */
        public boolean isSteady() {
            return pass > 0 && !warmingUp;
        }

        /** A warm-up pass beyond the plan's fewest, while the JIT was busy. */
        public boolean isBeyondPlan() {
            return warmingUp && warmups >= plan.warmups;
        }

        /** The first of the steady passes. */
        public boolean isFirstSteady() {
            return isSteady() && steady == 0;
        }

        /** The last pass of the run. */
        public boolean isLast() {
            return isSteady() && steady == plan.steady - 1;
        }

        /** Warm-up passes done so far. */
        public int warmups() {
            return warmups;
        }

        /** Steady passes in the plan. */
        public int steadyPasses() {
            return plan.steady;
        }
    }
}
