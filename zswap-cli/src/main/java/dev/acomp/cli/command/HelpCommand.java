package dev.acomp.cli.command;

import dev.acomp.cli.ExitCode;
import dev.acomp.cli.Plugins;
import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import java.util.List;

/** {@code zswap help}: the usage text, made from every command's synopsis and options. */
public final class HelpCommand implements Command {
    private static final Options OPTIONS = Options.of();

    private final List<Command> commands;

    /** Help on {@code commands}, and on itself. */
    public HelpCommand(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "show this text";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        OPTIONS.parse(name(), args);
        terminal.out().print(usage());
        return ExitCode.OK;
    }

    /** The whole usage text. */
    public String usage() {
        StringBuilder sb = new StringBuilder("Usage: zswap COMMAND [OPTIONS]\n\nCommands:\n");
        for (Command c : commands) {
            describe(sb, c);
        }
        describe(sb, this);
        sb.append("\nDriver plugins: every jar in plugins/ beside zswap.jar, in the folders of ").append(Plugins.ENV)
                .append(",\nand in the folder of each ").append(Plugins.OPTION)
                .append(" DIR (anywhere on the command line); 'zswap backends' lists them.\n");
        return sb.append('\n').append(ExitCode.describe()).toString();
    }

    private static void describe(StringBuilder sb, Command c) {
        sb.append("  zswap ").append(c.name());
        if (!c.synopsis().isEmpty()) {
            sb.append(' ').append(c.synopsis());
        }
        sb.append("\n      ").append(c.summary()).append('\n').append(c.options().describe());
    }
}
