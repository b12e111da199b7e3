package dev.acomp.cli.report;

import dev.acomp.cli.Percentiles;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results of {@code zswap compare} (or of one {@code run}): the same pages through each driver, and
 * through the kernel's zram where asked, in one or more rounds.
 *
 * @param source where the pages came from
 * @param rounds the rounds, in the order measured
 * @param failures drivers that failed, each as "driver: why"
 * @param skipped drivers not available here, each as "driver: why"
 * @param zramSkipped why a kernel zram comparison was not made, one line per algorithm
 */
public record Comparison(String source, List<Round> rounds, List<String> failures, List<String> skipped,
        List<String> zramSkipped) {

    public Comparison {
        rounds = List.copyOf(rounds);
        failures = List.copyOf(failures);
        skipped = List.copyOf(skipped);
        zramSkipped = List.copyOf(zramSkipped);
    }

    /**
     * One round: each driver once, and the kernel's zram once per algorithm, back to back with the first
     * driver of that algorithm, so that the two share the machine's load of the moment.
     *
     * @param runs the drivers' runs, in the order measured
     * @param kernel the kernel's zram runs, each with the run it was measured beside
     */
    public record Round(List<RunResult> runs, List<KernelPair> kernel) {
        public Round {
            runs = List.copyOf(runs);
            kernel = List.copyOf(kernel);
        }
    }

    /**
     * The kernel's zram and the engine run measured beside it: the same pages, the same algorithm.
     *
     * @param kernel the kernel's zram run
     * @param ours the engine's run with the first driver of the kernel's algorithm; null when that driver
     *     failed in this round
     */
    public record KernelPair(ZramResult kernel, RunResult ours) {
        /** Our steady-state store speed over the kernel's write speed. */
        public double storeRatio() {
            return ours.storeMBps() / kernel.writeMBps();
        }

        /** Our steady-state load speed over the kernel's read speed. */
        public double loadRatio() {
            return ours.loadMBps() / kernel.readMBps();
        }

        /** Our effective ratio (metadata counted) over the kernel's own figure (mem_used_total alone). */
        public double effectiveRatio() {
            return ours.effectiveRatio() / kernel.effectiveRatio();
        }

        /** Our effective ratio over the kernel's with its slot table counted. */
        public double effectiveRatioWithTable() {
            return ours.effectiveRatio() / kernel.effectiveRatioWithTable();
        }

        /** The kernel's CPU time per page written over ours per page stored: above 1, ours costs less. */
        public double storeCpuRatio() {
            return kernel.speeds().storeCpuMicros() / ours.speeds().storeCpuMicros();
        }

        /** The kernel's CPU time per page read over ours per page loaded. */
        public double loadCpuRatio() {
            return kernel.speeds().loadCpuMicros() / ours.speeds().loadCpuMicros();
        }
    }

    /**
     * Ours over the kernel's zram for one algorithm across the rounds: each figure the median of the
     * rounds' ratios, so that a round on a busier moment of a shared machine moves it little.
     *
     * @param pairs the rounds' pairs, at least one, each with our run
     */
    public record KernelRatios(List<KernelPair> pairs) {
        public KernelRatios {
            pairs = List.copyOf(pairs);
        }

        /** The algorithm both used. */
        public String algorithm() {
            return pairs.get(0).kernel().algorithm();
        }

        /** Our driver measured beside the kernel. */
        public String driver() {
            return pairs.get(0).ours().driver();
        }

        /** Threads on each side: the kernel's zram is written and read by as many as our run stores with. */
        public int threads() {
            return pairs.get(0).ours().threads();
        }

        public double storeRatio() {
            return Percentiles.median(each(KernelPair::storeRatio));
        }

        public double loadRatio() {
            return Percentiles.median(each(KernelPair::loadRatio));
        }

        public double effectiveRatio() {
            return Percentiles.median(each(KernelPair::effectiveRatio));
        }

        public double effectiveRatioWithTable() {
            return Percentiles.median(each(KernelPair::effectiveRatioWithTable));
        }

        public double storeCpuRatio() {
            return Percentiles.median(each(KernelPair::storeCpuRatio));
        }

        public double loadCpuRatio() {
            return Percentiles.median(each(KernelPair::loadCpuRatio));
        }

        /** One figure of every round, in the order measured. */
        public double[] each(ToDoubleFunction<KernelPair> figure) {
            return pairs.stream().mapToDouble(figure).toArray();
        }
    }

    /** One run's results. */
    public static Comparison of(RunResult run) {
        return new Comparison(run.source(), List.of(new Round(List.of(run), List.of())), List.of(), List.of(),
                List.of());
    }

    /** Every round's runs, in the order measured. */
    public List<RunResult> runs() {
        return rounds.stream().flatMap(r -> r.runs().stream()).toList();
    }

    /** Every round's kernel zram runs, in the order measured. */
    public List<ZramResult> zram() {
        return rounds.stream().flatMap(r -> r.kernel().stream()).map(KernelPair::kernel).toList();
    }

    /** Per algorithm measured by the kernel too, in the order first measured: ours over the kernel's. */
    public List<KernelRatios> againstKernel() {
        Map<String, List<KernelPair>> byAlgorithm = new LinkedHashMap<>();
        for (Round r : rounds) {
            for (KernelPair p : r.kernel()) {
                if (p.ours() != null) {
                    byAlgorithm.computeIfAbsent(p.kernel().algorithm(), a -> new ArrayList<>()).add(p);
                }
            }
        }
        return byAlgorithm.values().stream().map(KernelRatios::new).toList();
    }

    /** A run's name in reports: its driver, and its round when there are several. */
    public String label(RunResult run) {
        for (int i = 0; i < rounds.size(); i++) {
            for (RunResult r : rounds.get(i).runs()) {
                if (r == run) {
                    return run.driver() + round(i);
                }
            }
        }
        throw new IllegalArgumentException("not a run of this comparison: " + run.driver());
    }

    /** A kernel zram run's name in reports, as {@link #label(RunResult)}. */
    public String label(ZramResult zram) {
        for (int i = 0; i < rounds.size(); i++) {
            for (KernelPair p : rounds.get(i).kernel()) {
                if (p.kernel() == zram) {
                    return "kernel zram " + zram.algorithm() + round(i);
                }
            }
        }
        throw new IllegalArgumentException("not a kernel run of this comparison: " + zram.algorithm());
    }

    private String round(int i) {
        return rounds.size() > 1 ? " #" + (i + 1) : "";
    }

    /** Every run verified every page, and so did zram. */
    public boolean verified() {
        return runs().stream().allMatch(RunResult::verified) && zram().stream().allMatch(ZramResult::verified);
    }

    /** At least one driver ran, none failed, and every page was verified. */
    public boolean succeeded() {
        return !runs().isEmpty() && failures.isEmpty() && verified();
    }
}
