package dev.acomp.cli;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.command.BackendsCommand;
import dev.acomp.cli.command.BenchCommand;
import dev.acomp.cli.command.Command;
import dev.acomp.cli.command.CompareCommand;
import dev.acomp.cli.command.HelpCommand;
import dev.acomp.cli.command.RunCommand;
import dev.acomp.cli.command.SoakCommand;
import dev.acomp.cli.command.UsememCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code zswap COMMAND [OPTIONS]}: picks the command by name and maps its outcome to an exit code. */
public final class Main {
    private final Terminal terminal;
    private final HelpCommand help;

    /** The commands, over the drivers of {@code registry} (no plugin folders named). */
    public Main(AcompRegistry registry, Terminal terminal) {
        this(registry, List.of(), terminal);
    }

    /**
     * The commands, over the drivers of {@code registry}, loaded also from {@code pluginFolders} (named by
     * {@link Plugins#namedFolders()}). New commands are added to this list.
     */
    public Main(AcompRegistry registry, List<Path> pluginFolders, Terminal terminal) {
        this.terminal = terminal;
        List<Command> work = List.of(new RunCommand(registry), new CompareCommand(registry, pluginFolders),
                new BackendsCommand(registry), new BenchCommand(registry), new SoakCommand(registry),
                new UsememCommand(registry));
        this.help = new HelpCommand(work);
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        int code;
        try {
            Plugins plugins = Plugins.of(args, System.getenv(), Plugins.ownJar());
            code = new Main(plugins.registry(Main.class.getClassLoader()), plugins.namedFolders(), terminal)
                    .run(plugins.arguments());
        } catch (UsageException e) {
            terminal.err().println("zswap: " + e.getMessage());
            code = ExitCode.USAGE;
        }
        terminal.out().flush();
        System.exit(code);
    }

    /**
     * Runs the command named by {@code args[0]} and returns the process's exit code; {@link Options#HELP}
     * anywhere after it prints the command's usage instead, whatever else is given.
     */
    public int run(String... args) {
        if (args.length == 0) {
            terminal.err().print(help.usage());
            return ExitCode.USAGE;
        }
        Command command = Options.HELP.contains(args[0]) ? help : help.find(args[0]);
        if (command == null) {
            terminal.err().println("zswap: unknown command '" + args[0] + "'\n");
            terminal.err().print(help.usage());
            return ExitCode.USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Options.asksForHelp(rest)) {
            terminal.out().print(help.usage(command));
            return ExitCode.OK;
        }
        try {
            return command.run(rest, terminal);
        } catch (UsageException e) {
            // One line: what was wrong, and with which option.
            terminal.err().println("zswap " + e.getMessage());
            return ExitCode.USAGE;
        } catch (RuntimeException e) {
            // A bug or an environment failure, not a wrong command line: say where, for the report.
            terminal.err().println("zswap " + command.name() + ": failed: " + e);
            e.printStackTrace(terminal.err());
            return ExitCode.FAILURE;
        }
    }
}
