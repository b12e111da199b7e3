package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
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
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;

/**
 * {@code zswap run}: stores a source's pages in the engine as folios of mixed sizes, loads them back in
 * an access pattern, verifies every page, and reports ratio, speed, latency, rejects and writeback.
 */
public final class RunCommand implements Command {
    private static final Option<String> DRIVER = Option.text("--driver", "NAME",
            "algorithm or driver of the engine's pool").otherwise(RunSettings.DEFAULT_COMPRESSOR);
    private static final Option<String> RECOMPRESS = Option.text("--recompress", "ALG", "after storing, mark every"
            + " page idle and recompress the idle pages with ALG (zram's recomp_algorithm), keeping each page's"
            + " smaller form");
    private static final Options OPTIONS = Options.of(DRIVER, RECOMPRESS).with(RunOptions.SHARED);

    private final AcompRegistry registry;

    public RunCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "store pages (by default this process's own memory) in the engine and load them back, verified";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments a = OPTIONS.parse(name(), args);
        RunSettings settings = RunOptions.settings(name(), a, registry).withCompressor(a.get(DRIVER));
        CommonOptions.requireDriver(name(), registry, DRIVER, settings.compressor());
        if (a.has(RECOMPRESS)) {
            CommonOptions.requireDriver(name(), registry, RECOMPRESS, a.get(RECOMPRESS));
            settings = settings.withRecompressor(a.get(RECOMPRESS));
        }
        PageSnapshot snapshot = RunOptions.snapshot(name(), a, terminal);
        EngineRun run = new EngineRun(settings, snapshot);
        ProgressBar progress = new ProgressBar(terminal.err(), settings.compressor(), run.progressUnits(),
                CommonOptions.progressShown(a, terminal));
        RunResult result;
        try {
            result = run.run(progress);
        } finally {
            progress.finish();
        }
        TextReport.printRun(result, terminal.out());
        boolean written = CommonOptions.write(name(), a, CommonOptions.JSON, JsonReport.run(result), terminal)
                & CommonOptions.write(name(), a, CommonOptions.HTML, HtmlReport.page("zswap run: " + result.driver(),
                        Comparison.of(result)), terminal);
        return result.verified() && written ? ExitCode.OK : ExitCode.FAILURE;
    }
}
