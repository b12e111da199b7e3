package dev.acomp.cli.command;

import dev.acomp.api.AcompException;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Option;
import dev.acomp.cli.Options;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.report.Comparison;
import dev.acomp.cli.report.HtmlReport;
import dev.acomp.cli.report.JsonReport;
import dev.acomp.cli.report.TextReport;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PassPlan;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.zram.KernelZram;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.cli.zram.ZramUnavailableException;
import dev.acomp.zswap.ZswapException;
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

    public CompareCommand(AcompRegistry registry) {
        this.registry = registry;
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
        KernelZram device = a.get(KERNEL_ZRAM) ? KernelZram.zram0() : null;
        Set<String> algorithms = new LinkedHashSet<>();
        for (DriverInfo d : registry.drivers()) {
            if (!d.available()) {
                skipped.add(d.driver() + ": " + d.cause());
                continue;
            }
            EngineRun run = new EngineRun(settings.withCompressor(d.driver()), snapshot);
            ProgressBar progress = new ProgressBar(terminal.err(), d.driver(), run.progressUnits(), progressShown);
            boolean ran = false;
            try {
                runs.add(run.run(progress));
                ran = true;
            } catch (AcompException | ZswapException e) {
                failures.add(d.driver() + ": " + e.getMessage());
            } finally {
                progress.finish();
            }
            // The kernel's zram right after the first driver of each algorithm: on a shared machine, the
            // two measured minutes apart would compare two different loads, not two stores.
            if (ran && device != null && algorithms.add(d.algorithm())) {
                try {
                    zram.add(device.compare(snapshot, d.algorithm(), PassPlan.of(snapshot.pageCount(),
                            settings.passes())));
                } catch (ZramUnavailableException e) {
                    zramSkipped.add(d.algorithm() + ": " + e.getMessage());
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
