package dev.acomp.cli.report;

import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramResult;
import java.util.List;

/**
 * The results of {@code zswap compare} (or of one {@code run}): the same pages through each driver, and
 * through the kernel's zram where asked.
 *
 * @param source where the pages came from
 * @param runs one run per driver that ran
 * @param failures drivers that failed, each as "driver: why"
 * @param skipped drivers not available here, each as "driver: why"
 * @param zram the kernel's zram runs (empty unless asked for)
 * @param zramSkipped why a kernel zram comparison was not made, one line per algorithm
 */
public record Comparison(String source, List<RunResult> runs, List<String> failures, List<String> skipped,
        List<ZramResult> zram, List<String> zramSkipped) {

    public Comparison {
        runs = List.copyOf(runs);
        failures = List.copyOf(failures);
        skipped = List.copyOf(skipped);
        zram = List.copyOf(zram);
        zramSkipped = List.copyOf(zramSkipped);
    }

    /** One run's results. */
    public static Comparison of(RunResult run) {
        return new Comparison(run.source(), List.of(run), List.of(), List.of(), List.of(), List.of());
    }

    /** Every run verified every page, and so did zram. */
    public boolean verified() {
        return runs.stream().allMatch(RunResult::verified) && zram.stream().allMatch(ZramResult::verified);
    }

    /** At least one driver ran, none failed, and every page was verified. */
    public boolean succeeded() {
        return !runs.isEmpty() && failures.isEmpty() && verified();
    }
}
