package dev.acomp.cli.command;

import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Options;
import dev.acomp.cli.Plugins;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code zswap help [COMMAND]}: the usage text, made from every command's synopsis and options, or the
 * part of it on one command (which {@code zswap COMMAND --help} prints too).
 */
public final class HelpCommand implements Command {
    private static final Options OPTIONS = Options.of();

    private final List<Command> commands;

    /** Help on {@code commands}, and on itself. */
    public HelpCommand(List<Command> commands) {
        List<Command> all = new ArrayList<>(commands);
        all.add(this);
        this.commands = List.copyOf(all);
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "[COMMAND]";
    }

    @Override
    public String summary() {
        return "show this text, or only COMMAND's part of it (as 'zswap COMMAND " + Options.HELP.get(0)
                + "' does)";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            Command command = find(args[0]);
            if (command == null) {
                throw new UsageException(name() + ": unknown command '" + args[0] + "'; the commands are "
                        + String.join(", ", commands.stream().map(Command::name).toList()));
            }
            OPTIONS.parse(name(), Arrays.copyOfRange(args, 1, args.length));
            terminal.out().print(usage(command));
        } else {
            OPTIONS.parse(name(), args);
            terminal.out().print(usage());
        }
        return ExitCode.OK;
    }

    /** The command named {@code name} (this one too), or null. */
    public Command find(String name) {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The whole usage text. */
    public String usage() {
        StringBuilder sb = new StringBuilder("Usage: zswap COMMAND [OPTIONS]\n\nCommands:\n");
        for (Command c : commands) {
            describe(sb, c);
        }
        sb.append("\nDriver plugins: every jar in plugins/ beside zswap.jar, in the folders of ").append(Plugins.ENV)
                .append(",\nand in the folder of each ").append(Plugins.OPTION)
                .append(" DIR (anywhere on the command line); 'zswap backends' lists them.\n");
        return sb.append('\n').append(ExitCode.describe()).toString();
    }

    /** The part of the usage text on {@code command}: its synopsis, what it does, and its options. */
    public String usage(Command command) {
        StringBuilder sb = new StringBuilder();
        describe(sb, command);
        return sb.toString();
    }

    private static void describe(StringBuilder sb, Command c) {
        sb.append("  zswap ").append(c.name());
        if (!c.synopsis().isEmpty()) {
            sb.append(' ').append(c.synopsis());
        }
        sb.append("\n      ").append(c.summary()).append('\n').append(c.options().describe());
    }
}
