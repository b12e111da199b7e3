package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.UnknownAlgorithmException;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.run.AccessPattern;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.PoolLimit;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.run.SourceUnreadableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options {@code run} and {@code compare} share, and their translation into {@link RunSettings}. */
public final class RunOptions {
    private RunOptions() {
    }

    /** Adds the shared options to {@code options}. */
    public static Options.Builder declare(Options.Builder options) {
        return options
                .value("--source", "FILE|DIR|pid:PID", "the pages: a file, every file under a directory, or a live"
                        + " process's resident anonymous memory (default: this process's own)")
                .value("--pool-limit", "SIZE|PCT", "pool limit, e.g. 4M or 25% of the data (default none);"
                        + " over it, pages are written back")
                .value("--backing-file", "FILE", "where written-back pages go (default a temporary file)")
                .value("--threads", "N", "threads storing and loading (default 1)")
                .value("--access", "seq|random|zipf", "order of the timed loads (default seq)")
                .value("--loads", "N", "timed loads (default one per page); every page is verified after them")
                .value("--passes", "N", "timed passes after a cold one and a warm-up; speeds are their median"
                        + " (default " + RunSettings.DEFAULT_PASSES + ")")
                .value("--seed", "N", "seed of the folio mix and the access pattern (default 1)")
                .value("--json", "FILE", "also write the results to FILE as JSON")
                .value("--html", "FILE", "also write a self-contained HTML page with charts to FILE")
                .flag("--progress", "draw a progress bar on stderr even when it is not a terminal");
    }

    /** The settings the arguments ask for, over {@code registry}; wrong values are a {@link UsageException}. */
    public static RunSettings settings(String command, Arguments a, AcompRegistry registry) {
        RunSettings.Builder b = RunSettings.builder(registry);
        try {
            b.threads(a.intValue("--threads", 1, 1)).loads(a.intValue("--loads", 0, 1));
            if (a.has("--pool-limit")) {
                b.poolLimit(PoolLimit.parse(a.value("--pool-limit")));
            }
            if (a.has("--access")) {
                b.access(AccessPattern.parse(a.value("--access")));
            }
            b.seed(a.longValue("--seed", 1)).passes(a.intValue("--passes", RunSettings.DEFAULT_PASSES, 1));
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage(), e);
        }
        Path backingFile = a.path("--backing-file");
        if (backingFile != null) {
            checkDirectory(command, "--backing-file", backingFile);
            b.backingFile(backingFile);
        }
        checkOutput(command, "--json", a.path("--json"));
        checkOutput(command, "--html", a.path("--html"));
        return b.build();
    }

    /** The pages of {@code --source}; an unreadable source is a {@link UsageException} saying why. */
    public static PageSnapshot snapshot(String command, Arguments a, Terminal terminal) {
        try {
            return PageSources.open(a.value("--source"), note -> terminal.err().println("zswap " + command + ": "
                    + note));
        } catch (SourceUnreadableException | IllegalArgumentException e) {
            throw new UsageException(command + ": --source " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code text} to the file of option {@code option}, if given; false (after saying why on
     * stderr) when it cannot be written.
     */
    public static boolean write(String command, Arguments a, String option, String text, Terminal terminal) {
        Path path = a.path(option);
        if (path == null) {
            return true;
        }
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
            terminal.err().println("zswap " + command + ": wrote " + path);
            return true;
        } catch (IOException e) {
            terminal.err().println("zswap " + command + ": cannot write " + option + " " + path + ": " + e);
            return false;
        }
    }

    /**
     * The driver a name stands for; a name that is neither an available driver nor an algorithm with one
     * is a wrong command line.
     */
    static AcompDriver requireDriver(String command, AcompRegistry registry, String name) {
        try {
            return registry.driver(name);
        } catch (UnknownAlgorithmException | DriverUnavailableException e) {
            throw new UsageException(command + ": --driver " + name + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an output file of {@code option} whose directory does not exist, before any work. */
    static void checkOutput(String command, String option, Path path) {
        if (path != null) {
            checkDirectory(command, option, path);
        }
    }

    private static void checkDirectory(String command, String option, Path path) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(command + ": " + option + " " + path + ": no such directory " + dir);
        }
    }
}
