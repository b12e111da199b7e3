package dev.acomp.cli;

/** The process exit codes of {@code zswap}, as listed in its usage text. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran and something failed: a page differed after its round trip, a driver failed, I/O failed. */
    public static final int FAILURE = 1;
    /** The command line was wrong: unknown command or option, bad value, missing source, unknown driver. */
    public static final int USAGE = 2;

    private ExitCode() {
    }

    /** The lines of the usage text that document these codes. */
    public static String describe() {
        return "Exit codes:\n"
                + "  0  success\n"
                + "  1  failure while running (a page differed after decompression, a driver or I/O failed)\n"
                + "  2  bad command line (unknown command or option, bad value, missing source, unknown driver)\n";
    }
}
