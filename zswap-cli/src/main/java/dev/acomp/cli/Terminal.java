package dev.acomp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command writes: its results to {@code out}, messages and progress to {@code err}. Injected so
 * that tests run commands in-process and read what they printed.
 *
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress bars are drawn only then)
 */
public record Terminal(PrintStream out, PrintStream err, boolean errIsTerminal) {

    /** The process's own standard output and error. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, stderrIsTerminal());
    }

    /**
     * Whether file descriptor 2 is a terminal. {@link System#console()} cannot tell (it looks at stdin and
     * stdout, and on recent JDKs exists even when redirected), so look at what fd 2 points to on Linux;
     * elsewhere, assume not.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
