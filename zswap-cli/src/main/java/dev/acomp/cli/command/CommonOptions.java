package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.UnknownAlgorithmException;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.Option;
import dev.acomp.cli.OsErrors;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.run.RunSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Options any command may take, declared once, and the checks and writes that go with them. A command
 * lists the ones it takes in its {@link dev.acomp.cli.Options}: {@code Options.of(MINE, CommonOptions.JSON)}.
 */
public final class CommonOptions {
    public static final Option<Path> JSON = Option.path("--json", "FILE", "also write the results to FILE as JSON");
    public static final Option<Path> HTML = Option.path("--html", "FILE",
            "also write a self-contained HTML page with charts to FILE");
    public static final Option<Boolean> PROGRESS = Option.flag("--progress",
            "draw a progress bar on stderr even when it is not a terminal");
    public static final Option<Integer> PASSES = Option.number("--passes",
            "timed passes over the pages; the speeds reported are their median (run, compare: after a cold pass,"
                    + " reported beside, and an untimed warm-up that lasts until the JIT is quiet)", 1)
            .otherwise(RunSettings.DEFAULT_PASSES);

    private CommonOptions() {
    }

    /** Whether to draw progress: asked for, or stderr is a terminal. */
    static boolean progressShown(Arguments a, Terminal terminal) {
        return a.get(PROGRESS) || terminal.errIsTerminal();
    }

    /**
     * Writes {@code text} to the file of {@code option}, if given; false (after saying why on stderr) when
     * it cannot be written.
     */
    static boolean write(String command, Arguments a, Option<Path> option, String text, Terminal terminal) {
        Path path = a.get(option);
        if (path == null) {
            return true;
        }
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
            terminal.err().println("zswap " + command + ": wrote " + path);
            return true;
        } catch (IOException e) {
            terminal.err().println("zswap " + command + ": cannot write " + option.name() + " " + path + ": "
                    + OsErrors.reason(e));
            return false;
        }
    }

    /**
     * Refuses, before any work, an output file of {@code option} that could not be written: its directory
     * does not exist, or it is a directory.
     */
    static void checkOutput(String command, Arguments a, Option<Path> option) {
        Path path = a.get(option);
        if (path == null) {
            return;
        }
        checkDirectory(command, option, path);
        if (Files.isDirectory(path)) {
            throw new UsageException(command + ": " + option.name() + " " + path + " is a directory, not a file");
        }
        checkCreatable(command, option, path);
    }

    /**
     * Refuses a file of {@code option} that does not exist and cannot be created. It is made and removed at
     * once: a directory's permission bits do not tell (root, /proc, /sys).
     */
    static void checkCreatable(String command, Option<Path> option, Path path) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.delete(Files.createFile(path));
        } catch (IOException e) {
            throw new UsageException(command + ": " + option.name() + " " + path + ": cannot create it: " + OsErrors.reason(e),
                    e);
        }
    }

    /**
     * The pages of the FILE or DIR of {@code option}; one that is missing, unreadable, too large for one run
     * or empty is a {@link UsageException} saying so.
     */
    static PageSource pages(String command, Option<Path> option, Path path) {
        String name = command + ": " + option.name() + " " + path;
        PageSource source;
        try {
            source = PageSource.read(path);
        } catch (NoSuchFileException e) {
            throw new UsageException(name + ": no such file or directory", e);
        } catch (IOException e) {
            throw new UsageException(name + ": cannot read it: " + OsErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + option.name() + " " + e.getMessage(), e);
        }
        if (source.pageCount() == 0) {
            throw new UsageException(name + " holds no data");
        }
        return source;
    }

    /** Refuses a file of {@code option} whose directory does not exist. */
    static void checkDirectory(String command, Option<Path> option, Path path) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(command + ": " + option.name() + " " + path + ": no such directory " + dir);
        }
    }

    /**
     * The driver a name stands for; a name that is neither an available driver nor an algorithm with one
     * is a wrong command line.
     */
    static AcompDriver requireDriver(String command, AcompRegistry registry, Option<String> option, String name) {
        try {
            return registry.driver(name);
        } catch (UnknownAlgorithmException | DriverUnavailableException e) {
            throw new UsageException(command + ": " + option.name() + " " + name + ": " + e.getMessage(), e);
        }
    }
}
