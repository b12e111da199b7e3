package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
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
    private static final Options OPTIONS = RunOptions.declare(Options.builder()
            .value("--driver", "NAME", "algorithm or driver of the engine's pool (default lz4)")
            .value("--recompress", "ALG", "after storing, mark every page idle and recompress the idle pages with"
                    + " ALG (zram's recomp_algorithm), keeping each page's smaller form")).build();

    private final AcompRegistry registry;

    public RunCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "[--source FILE|DIR|pid:PID] [--driver NAME] [--recompress ALG] [--pool-limit SIZE|PCT]"
                + " [--backing-file FILE]"
                + " [--threads N] [--access seq|random|zipf] [--loads N] [--seed N] [--json FILE] [--html FILE]"
                + " [--progress]";
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
        RunSettings settings = RunOptions.settings(name(), a, registry);
        if (a.has("--driver")) {
            settings = settings.withCompressor(a.value("--driver"));
        }
        RunOptions.requireDriver(name(), registry, settings.compressor());
        if (a.has("--recompress")) {
            RunOptions.requireDriver(name(), registry, a.value("--recompress"));
            settings = settings.withRecompressor(a.value("--recompress"));
        }
        PageSnapshot snapshot = RunOptions.snapshot(name(), a, terminal);
        EngineRun run = new EngineRun(settings, snapshot);
        ProgressBar progress = new ProgressBar(terminal.err(), settings.compressor(), run.progressUnits(),
                a.has("--progress") || terminal.errIsTerminal());
        RunResult result;
        try {
            result = run.run(progress);
        } finally {
            progress.finish();
        }
        TextReport.printRun(result, terminal.out());
        boolean written = RunOptions.write(name(), a, "--json", JsonReport.run(result), terminal)
                & RunOptions.write(name(), a, "--html", HtmlReport.page("zswap run: " + result.driver(),
                        Comparison.of(result)), terminal);
        return result.verified() && written ? ExitCode.OK : ExitCode.FAILURE;
    }
}
