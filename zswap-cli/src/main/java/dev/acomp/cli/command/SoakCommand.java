package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.UnknownAlgorithmException;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.soak.Soak;
import dev.acomp.cli.soak.SoakResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code zswap soak}: every engine operation at once under injected faults, every load checked
 * ({@link Soak}). Its options are parsed here, on their own.
 */
public final class SoakCommand implements Command {
    private static final Options OPTIONS = Options.builder()
            .value("--seconds", "N", "how long to run (default 60)")
            .value("--threads", "N", "worker threads storing, loading and invalidating (default 2)")
            .value("--driver", "NAME", "algorithm or driver of the engine's pool (default lz4)")
            .value("--dir", "DIR", "where the backing file goes (default the temporary directory)")
            .value("--seed", "N", "seed of the operations and faults (default 1)")
            .build();

    private final AcompRegistry registry;

    public SoakCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String synopsis() {
        return "[--seconds N] [--threads N] [--driver NAME] [--dir DIR] [--seed N]";
    }

    @Override
    public String summary() {
        return "run every engine operation at once under injected faults, checking every load";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments a = OPTIONS.parse(name(), args);
        int seconds = a.intValue("--seconds", 60, 1);
        int threads = a.intValue("--threads", 2, 1);
        String driver = a.value("--driver") == null ? "lz4" : a.value("--driver");
        try {
            registry.driver(driver);
        } catch (UnknownAlgorithmException | DriverUnavailableException e) {
            throw new UsageException(name() + ": --driver " + driver + ": " + e.getMessage(), e);
        }
        Path dir = a.has("--dir") ? a.path("--dir") : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(dir)) {
            throw new UsageException(name() + ": --dir " + dir + " is not a directory");
        }
        SoakResult result = Soak.run(new Soak.Settings(seconds, threads, driver, dir, a.longValue("--seed", 1), registry,
                null), terminal.err());
        terminal.out().print(result.report());
        return result.passed() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
