package dev.acomp.cli.run;

import dev.acomp.cli.OsErrors;
import dev.acomp.cli.PageSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Turns a {@code --source} value into a snapshot: {@code pid:PID} (a live process's resident anonymous
 * memory), a FILE or DIR, or, when none is given, this process's own memory, falling back to the JDK's
 * {@code lib/modules} where {@code /proc} cannot be read.
 */
public final class PageSources {
    private static final String PID_PREFIX = "pid:";

    private PageSources() {
    }

    /**
     * The snapshot for {@code spec} (null for the default). A fallback is announced through {@code notes}.
     * Throws {@link SourceUnreadableException} when the source cannot be read, naming it and why, and
     * {@link IllegalArgumentException} when a {@code pid:} value is not a process id.
     */
    public static PageSnapshot open(String spec, Consumer<String> notes) {
        if (spec == null) {
            try {
                return ProcessMemory.self().snapshot(PageSource.MAX_PAGES);
            } catch (SourceUnreadableException e) {
                Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
                notes.accept("cannot read this process's memory through /proc (" + e.getMessage()
                        + "); using the JDK's " + modules + " instead");
                return files(modules);
            }
        }
        if (spec.startsWith(PID_PREFIX)) {
            long pid;
            try {
                pid = Long.parseLong(spec.substring(PID_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "' is not pid:PID with a numeric process id", e);
            }
            return ProcessMemory.of(pid).snapshot(PageSource.MAX_PAGES);
        }
        return files(Path.of(spec));
    }

    private static PageSnapshot files(Path fileOrDir) {
        try {
            return PageSnapshot.of(PageSource.read(fileOrDir));
        } catch (NoSuchFileException e) {
            throw new SourceUnreadableException(fileOrDir + ": no such file or directory", e);
        } catch (IOException e) {
            throw new SourceUnreadableException(fileOrDir + ": cannot read it: " + OsErrors.reason(e), e);
        }
    }
}
