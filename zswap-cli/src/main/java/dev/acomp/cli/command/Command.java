package dev.acomp.cli.command;

import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;

/**
 * One {@code zswap} sub-command. Its options are declared once, for parsing and for the usage text.
 * A command reports a wrong command line by throwing {@link UsageException}, and any other outcome by
 * its return value, a {@link dev.acomp.cli.ExitCode}.
 */
public interface Command {
    /** The word that selects it: {@code zswap NAME ...}. */
    String name();

    /** Its synopsis after the name, e.g. {@code "--source FILE|DIR [--json FILE]"}. */
    String synopsis();

    /** One line saying what it does. */
    String summary();

    Options options();

    /** Runs with the arguments that follow the command name. */
    int run(String[] args, Terminal terminal);
}
