package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Option;
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
    private static final Option<Integer> SECONDS = Option.number("--seconds", "how long to run", 1).otherwise(60);
    private static final Option<Integer> THREADS = Option.number("--threads",
            "worker threads storing, loading and invalidating", 1, 64).otherwise(2);
    private static final Option<String> DRIVER = Option.text("--driver", "NAME",
            "algorithm or driver of the engine's pool").otherwise("lz4");
    private static final Option<Path> DIR = Option.path("--dir", "DIR", "where the backing file goes")
            .otherwise(Path.of(System.getProperty("java.io.tmpdir")));
    private static final Option<Long> SEED = Option.wholeNumber("--seed", "seed of the operations and faults")
            .otherwise(1L);
    private static final Options OPTIONS = Options.of(SECONDS, THREADS, DRIVER, DIR, SEED);

    private final AcompRegistry registry;

    public SoakCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "soak";
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
        Arguments a = OPTIONS.parse(name(), args).checkAll();
        String driver = a.get(DRIVER);
        CommonOptions.requireDriver(name(), registry, DRIVER, driver);
        Path dir = a.get(DIR);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(name() + ": --dir " + dir + " is not a directory");
        }
        SoakResult result = Soak.run(new Soak.Settings(a.get(SECONDS), a.get(THREADS), driver, dir, a.get(SEED),
                registry, null), terminal.err());
        terminal.out().print(result.report());
        return result.passed() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
