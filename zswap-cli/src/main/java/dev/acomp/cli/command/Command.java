package dev.acomp.cli.command;

import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;

/**
 * One {@code zswap} sub-command. Its options are declared once, as {@link dev.acomp.cli.Option}s listed
 * in its {@link Options}: parsing, the usage text and the synopsis all come from them.
 * A command reports a wrong command line by throwing {@link UsageException}, and any other outcome by
 * its return value, a {@link dev.acomp.cli.ExitCode}.
 */
public interface Command {
    /** The word that selects it: {@code zswap NAME ...}. */
    String name();

    /** Its synopsis after the name, e.g. {@code "--source FILE|DIR [--json FILE]"}: made from its options. */
    default String synopsis() {
        return options().synopsis();
    }

    /** One line saying what it does. */
    String summary();

    /** What it accepts, each option declared once. */
    Options options();

    /** Runs with the arguments that follow the command name. */
    int run(String[] args, Terminal terminal);
}
