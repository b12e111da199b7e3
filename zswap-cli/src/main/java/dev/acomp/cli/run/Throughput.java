package dev.acomp.cli.run;

import dev.acomp.cli.Percentiles;

/**
 * Store and load speed over the passes of a {@link PassPlan}: the steady state (median of the steady
 * passes) and the cold first pass beside it, and what a page cost in CPU time in the steady passes.
 * MB = 10^6 bytes.
 *
 * @param storeMBps median store speed of the steady passes
 * @param loadMBps median load speed of the steady passes
 * @param coldStoreMBps store speed of the cold first pass
 * @param coldLoadMBps load speed of the cold first pass
 * @param passes steady passes the medians are of
 * @param warmups untimed warm-up passes between the cold pass and the steady ones
 * @param storeCpuMicros median over the steady passes of the CPU time per page stored, in microseconds
 *     (NaN when this JVM cannot measure thread CPU time)
 * @param loadCpuMicros as {@code storeCpuMicros}, per page loaded
 */
public record Throughput(double storeMBps, double loadMBps, double coldStoreMBps, double coldLoadMBps,
        int passes, int warmups, double storeCpuMicros, double loadCpuMicros) {

    /** Collects the timings of a run's passes: {@link #pass} after every pass, warm-ups included. */
    public static final class Recorder {
        private final PassPlan.Passes passes;
        private final double[] store;
        private final double[] load;
        private final double[] storeCpu;
        private final double[] loadCpu;
        private double coldStore;
        private double coldLoad;
        private int steady;

        public Recorder(PassPlan.Passes passes) {
            this.passes = passes;
            this.store = new double[passes.steadyPasses()];
            this.load = new double[passes.steadyPasses()];
            this.storeCpu = new double[passes.steadyPasses()];
            this.loadCpu = new double[passes.steadyPasses()];
        }

        /** Records the current pass of {@code passes}; warm-up passes are ignored. */
        public void pass(long storedBytes, PhaseTime storeTime, long loadedBytes, PhaseTime loadTime) {
            double s = mbps(storedBytes, storeTime.nanos());
            double l = mbps(loadedBytes, loadTime.nanos());
            if (passes.isCold()) {
                coldStore = s;
                coldLoad = l;
            } else if (passes.isSteady()) {
                storeCpu[steady] = storeTime.cpuMicrosPerPage(storedBytes);
                loadCpu[steady] = loadTime.cpuMicrosPerPage(loadedBytes);
                store[steady] = s;
                load[steady++] = l;
            }
        }

        public Throughput throughput() {
            if (steady != store.length) {
                throw new IllegalStateException(steady + " of " + store.length + " steady passes recorded");
            }
            return new Throughput(Percentiles.median(store), Percentiles.median(load), coldStore, coldLoad, steady,
                    passes.warmups(), Percentiles.median(storeCpu), Percentiles.median(loadCpu));
        }
    }

    static double mbps(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e3 / nanos;
    }
}
