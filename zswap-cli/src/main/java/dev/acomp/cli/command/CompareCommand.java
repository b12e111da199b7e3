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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code zswap compare}: the same pages through one engine per available driver, side by side; with
 * {@code --kernel-zram}, through the kernel's zram with the same algorithms too.
 */
public final class CompareCommand implements Command {
    private static final Option<Boolean> KERNEL_ZRAM = Option.flag("--kernel-zram",
            "also the kernel's zram (root; borrows /dev/zram0 when unused, resets it after)");
    private static final Options OPTIONS = RunOptions.SHARED.with(KERNEL_ZRAM);

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
        List<RunResult> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<ZramResult> zram = new ArrayList<>();
        List<String> zramSkipped = new ArrayList<>();
        boolean kernelZram = a.get(KERNEL_ZRAM);
        Set<String> algorithms = new LinkedHashSet<>();
        // Each driver in a fresh JVM, as JMH forks: in one JVM, the drivers run before would leave their
        // JIT profile and heap to the next one measured.
        try (ForkedMeasurements forks = ForkedMeasurements.of(snapshot, pluginFolders, terminal.err(),
                progressShown)) {
            for (DriverInfo d : registry.drivers()) {
                if (!d.available()) {
                    skipped.add(d.driver() + ": " + d.cause());
                    continue;
                }
                try {
                    runs.add(forks.engine(settings.withCompressor(d.driver())));
                } catch (ForkFailedException e) {
                    failures.add(d.driver() + ": " + e.getMessage());
                    continue;
                }
                // The kernel's zram right after the first driver of each algorithm: on a shared machine, the
                // two measured minutes apart would compare two different loads, not two stores.
                if (kernelZram && algorithms.add(d.algorithm())) {
                    try {
                        zram.add(forks.zram(settings.withCompressor(d.algorithm())));
                    } catch (ZramUnavailableException | ForkFailedException e) {
                        zramSkipped.add(d.algorithm() + ": " + e.getMessage());
                    }
                }
            }
        }
        Comparison c = new Comparison(snapshot.origin(), runs, failures, skipped, zram, zramSkipped);
        TextReport.printComparison(c, terminal.out());
        boolean written = CommonOptions.write(name(), a, CommonOptions.JSON, JsonReport.comparison(c), terminal)
                & CommonOptions.write(name(), a, CommonOptions.HTML, HtmlReport.page("zswap compare", c), terminal);
        return c.succeeded() && written ? ExitCode.OK : ExitCode.FAILURE;
    }
}
