package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Option;
import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.fork.ForkFailedException;
import dev.acomp.cli.fork.ForkedMeasurements;
import dev.acomp.cli.report.Comparison;
import dev.acomp.cli.report.HtmlReport;
import dev.acomp.cli.report.JsonReport;
import dev.acomp.cli.report.TextReport;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.cli.zram.ZramUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code zswap compare}: the same pages through one engine per available driver, side by side; with
 * {@code --kernel-zram}, through the kernel's zram with the same algorithms too.
 */
public final class CompareCommand implements Command {
    private static final Option<Boolean> KERNEL_ZRAM = Option.flag("--kernel-zram",
            "also the kernel's zram, written and read by as many threads (root; borrows /dev/zram0 when unused,"
                    + " resets it after)");
    private static final Option<Integer> ROUNDS = Option.number("--rounds", "measure everything N times; against"
            + " the kernel, each figure is the median of the rounds' ratios (the kernel first in every second"
            + " round)", 1, 100).otherwise(1);
    private static final Option<String> DRIVERS = Option.text("--drivers", "LIST",
            "only these drivers or algorithms, comma-separated (default: every available one)");
    private static final Options OPTIONS = RunOptions.SHARED.with(KERNEL_ZRAM, ROUNDS, DRIVERS);

    private final AcompRegistry registry;
    private final List<Path> pluginFolders;

    /** Over the drivers of {@code registry}; the forked measurements load theirs also from {@code pluginFolders}. */
    public CompareCommand(AcompRegistry registry, List<Path> pluginFolders) {
        this.registry = registry;
        this.pluginFolders = List.copyOf(pluginFolders);
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "the same pages through every available driver (and the kernel's zram), side by side";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments a = OPTIONS.parse(name(), args);
        RunSettings settings = RunOptions.settings(name(), a, registry);
        PageSnapshot snapshot = RunOptions.snapshot(name(), a, terminal);
        boolean progressShown = CommonOptions.progressShown(a, terminal);
        Rounds rounds = new Rounds(settings, a.get(KERNEL_ZRAM), chosen(a));
        int count = a.get(ROUNDS);
        // Each driver in a fresh JVM, as JMH forks: in one JVM, the drivers run before would leave their
        // JIT profile and heap to the next one measured.
        try (ForkedMeasurements forks = ForkedMeasurements.of(snapshot, pluginFolders, terminal.err(),
                progressShown)) {
            for (int round = 1; round <= count; round++) {
                rounds.measure(forks, round, count > 1 ? " (round " + round + ")" : "");
            }
        }
        Comparison c = new Comparison(snapshot.origin(), rounds.done, rounds.failures, rounds.skipped,
                rounds.zramSkipped);
        TextReport.printComparison(c, terminal.out());
        boolean written = CommonOptions.write(name(), a, CommonOptions.JSON, JsonReport.comparison(c), terminal)
                & CommonOptions.write(name(), a, CommonOptions.HTML, HtmlReport.page("zswap compare", c), terminal);
        return c.succeeded() && written ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** The drivers {@code --drivers} names (an algorithm: its driver of highest priority here), or null for all. */
    private Set<String> chosen(Arguments a) {
        String list = a.get(DRIVERS);
        if (list == null) {
            return null;
        }
        Set<String> chosen = new HashSet<>();
        for (String name : list.split(",", -1)) {
            chosen.add(CommonOptions.requireDriver(name(), registry, DRIVERS, name.strip()).name());
        }
        return chosen;
    }

    /** The rounds of one comparison as they are measured, and what failed or was skipped on the way. */
    private final class Rounds {
        final List<Comparison.Round> done = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> zramSkipped = new ArrayList<>();
        private final Set<String> zramRefused = new HashSet<>();
        private final RunSettings settings;
        private final boolean kernelZram;
        private final Set<String> chosen;

        Rounds(RunSettings settings, boolean kernelZram, Set<String> chosen) {
            this.settings = settings;
            this.kernelZram = kernelZram;
            this.chosen = chosen;
        }

        /** Round {@code round} (from 1): each chosen driver, the kernel's zram beside each algorithm's first. */
        void measure(ForkedMeasurements forks, int round, String ofRound) {
            // Every second round the kernel goes first: a machine growing busier or quieter during a round
            // then favours each side as often.
            boolean kernelFirst = round % 2 == 0;
            List<RunResult> runs = new ArrayList<>();
            List<Comparison.KernelPair> kernel = new ArrayList<>();
            Set<String> algorithms = new HashSet<>();
            for (DriverInfo d : registry.drivers()) {
                if (chosen != null && !chosen.contains(d.driver())) {
                    continue;
                }
                if (!d.available()) {
                    if (round == 1) {
                        skipped.add(d.driver() + ": " + d.cause());
                    }
                    continue;
                }
                // Back to back with the first driver of each algorithm: on a shared machine, the two measured
                // minutes apart would compare two different loads, not two stores.
                boolean beside = kernelZram && !zramRefused.contains(d.algorithm()) && algorithms.add(d.algorithm());
                ZramResult z = beside && kernelFirst ? zram(forks, d) : null;
                RunResult r = null;
                try {
                    r = forks.engine(settings.withCompressor(d.driver()));
                    runs.add(r);
                } catch (ForkFailedException e) {
                    failures.add(d.driver() + ofRound + ": " + e.getMessage());
                }
                if (beside && !kernelFirst && r != null) {
                    z = zram(forks, d);
                }
                if (z != null) {
                    kernel.add(new Comparison.KernelPair(z, r));
                }
            }
            done.add(new Comparison.Round(runs, kernel));
        }

        /** The kernel's zram with {@code d}'s algorithm; null, and not tried again, when it cannot be had. */
        private ZramResult zram(ForkedMeasurements forks, DriverInfo d) {
            try {
                return forks.zram(settings.withCompressor(d.algorithm()));
            } catch (ZramUnavailableException | ForkFailedException e) {
                zramRefused.add(d.algorithm());
                zramSkipped.add(d.algorithm() + ": " + e.getMessage());
                return null;
            }
        }
    }
}
