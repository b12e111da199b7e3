package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.Option;
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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The options of an engine run ({@code run}, {@code compare}), and their translation into {@link RunSettings}. */
public final class RunOptions {
    public static final Option<String> SOURCE = Option.text("--source", "FILE|DIR|pid:PID", "the pages: a file,"
            + " every file under a directory, or a live process's resident anonymous memory (default: this"
            + " process's own)");
    public static final Option<PoolLimit> POOL_LIMIT = Option.text("--pool-limit", "SIZE|PCT", "pool limit, e.g."
            + " 4M or 25% of the data (default none); over it, pages are written back").as(PoolLimit::parse);
    public static final Option<Path> BACKING_FILE = Option.path("--backing-file", "FILE", "where written-back pages"
            + " go: a new file, removed after the run (default a temporary file)");
    public static final Option<Integer> THREADS = Option.number("--threads", "threads storing and loading", 1,
            RunSettings.MAX_THREADS)
            .otherwise(1);
    public static final Option<AccessPattern> ACCESS = Option.text("--access", "seq|random|zipf",
            "order of the loads").as(AccessPattern::parse).otherwise(AccessPattern.SEQ);
    public static final Option<Integer> LOADS = Option.number("--loads", "loads per pass (default one per page);"
            + " every page is verified after the last", 1);
    public static final Option<Long> SEED = Option.wholeNumber("--seed",
            "seed of the folio mix and the access pattern").otherwise(1L);

    /** What {@code run} and {@code compare} both take; each adds its own. */
    public static final Options SHARED = Options.of(SOURCE, POOL_LIMIT, BACKING_FILE, THREADS, ACCESS, LOADS,
            CommonOptions.PASSES, SEED, CommonOptions.JSON, CommonOptions.HTML, CommonOptions.PROGRESS);

    private RunOptions() {
    }

    /**
     * The settings the arguments ask for, over {@code registry}; wrong values are a {@link UsageException},
     * and so are output files that could not be written.
     */
    public static RunSettings settings(String command, Arguments a, AcompRegistry registry) {
        a.checkAll();
        RunSettings.Builder b = RunSettings.builder(registry);
        try {
            b.threads(a.get(THREADS)).access(a.get(ACCESS)).seed(a.get(SEED)).passes(a.get(CommonOptions.PASSES));
            if (a.get(LOADS) != null) {
                b.loads(a.get(LOADS));
            }
            b.poolLimit(a.get(POOL_LIMIT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage(), e);
        }
        Path backingFile = a.get(BACKING_FILE);
        if (backingFile != null) {
            checkBackingFile(command, backingFile);
            b.backingFile(backingFile);
        }
        CommonOptions.checkOutput(command, a, CommonOptions.JSON);
        CommonOptions.checkOutput(command, a, CommonOptions.HTML);
        return b.build();
    }

    /**
     * Refuses a backing file the engine would refuse, before any work: the engine creates its backing file
     * (owner-only, removed after the run) or takes over an empty one, and never overwrites data.
     */
    private static void checkBackingFile(String command, Path path) {
        CommonOptions.checkDirectory(command, BACKING_FILE, path);
        String name = command + ": " + BACKING_FILE.name() + " " + path;
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new UsageException(name + " exists and is not a regular file; name a new file");
            }
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                throw new UsageException(name + ": cannot read its size: " + e.getMessage(), e);
            }
            if (size > 0) {
                throw new UsageException(name + " exists with " + size + " bytes, which a run does not overwrite;"
                        + " name a new file (the run makes it and removes it afterwards), or delete this one to"
                        + " reuse the name");
            }
        }
        CommonOptions.checkCreatable(command, BACKING_FILE, path);
    }

    /** The pages of {@code --source}; an unreadable or empty source is a {@link UsageException} saying why. */
    public static PageSnapshot snapshot(String command, Arguments a, Terminal terminal) {
        PageSnapshot snapshot;
        try {
            snapshot = PageSources.open(a.get(SOURCE), note -> terminal.err().println("zswap " + command + ": "
                    + note));
        } catch (SourceUnreadableException | IllegalArgumentException e) {
            throw new UsageException(command + ": " + SOURCE.name() + " " + e.getMessage(), e);
        }
        if (snapshot.pageCount() == 0) {
            throw new UsageException(command + ": " + SOURCE.name() + " " + snapshot.origin()
                    + " holds no pages");
        }
        return snapshot;
    }
}
