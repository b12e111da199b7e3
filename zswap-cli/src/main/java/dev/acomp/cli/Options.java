package dev.acomp.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options one command accepts, each an {@link Option} declared once: parses a command line against
 * them ({@code --passes N} or {@code --passes=N}) and derives the usage text and the synopsis from them.
 * A command declares its options in one place, e.g.
 * {@code Options.of(SharedOptions.JSON, MY_OPTION)}, or adds its own to a shared set with {@link #with}.
 * Immutable.
 */
public final class Options {
    /**
     * The words that ask for a command's usage instead of running it: {@code zswap COMMAND --help}, anywhere
     * among its arguments. Not an {@link Option} of any command: {@link Main} answers them for every one.
     */
    public static final List<String> HELP = List.of("--help", "-h");

    private final Map<String, Option<?>> options;

    private Options(Map<String, Option<?>> options) {
        this.options = Collections.unmodifiableMap(options);
    }

    /** These options, in this order (the order of the usage text). */
    public static Options of(Option<?>... options) {
        return new Options(new LinkedHashMap<>()).with(options);
    }

    /** These options followed by {@code more}; a name given twice is a programming error. */
    public Options with(Option<?>... more) {
        Map<String, Option<?>> all = new LinkedHashMap<>(options);
        for (Option<?> o : more) {
            if (all.putIfAbsent(o.name(), o) != null) {
                throw new IllegalArgumentException("option declared twice: " + o.name());
            }
        }
        return new Options(all);
    }

    /** These options followed by those of {@code more}. */
    public Options with(Options more) {
        return with(more.options.values().toArray(new Option<?>[0]));
    }

    /** Whether {@code option} (this very declaration) is one of these. */
    public boolean declares(Option<?> option) {
        return options.get(option.name()) == option;
    }

    /**
     * The arguments after the command name, parsed. Throws {@link UsageException} naming the first
     * unknown option, repeated option, option without its value, or stray argument. Values are converted
     * when read ({@link Arguments#get}); {@link Arguments#checkAll} converts every one up front.
     */
    public Arguments parse(String command, String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Option<?> option = options.get(name);
            if (option == null) {
                throw new UsageException(command + ": unknown option '" + name + "'; 'zswap " + command + " "
                        + HELP.get(0) + "' lists its options");
            }
            String value;
            if (option.isFlag()) {
                if (eq >= 0) {
                    throw new UsageException(command + ": option " + name + " takes no value");
                }
                value = "";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(command + ": option " + name + " needs a value " + option.argument());
            }
            if (given.put(name, value) != null) {
                throw new UsageException(command + ": option " + name + " given twice");
            }
        }
        return new Arguments(command, this, given);
    }

    /** Whether {@code args} ask for the usage ({@link #HELP}) anywhere among them. */
    public static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (HELP.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    /** The options as a synopsis: {@code --source FILE [--json FILE] [--progress]}, required ones bare. */
    public String synopsis() {
        List<String> parts = new ArrayList<>();
        for (Option<?> o : options.values()) {
            parts.add(o.isRequired() ? o.usage() : "[" + o.usage() + "]");
        }
        return String.join(" ", parts);
    }

    /** One line per option, aligned, for the usage text. */
    public String describe() {
        int width = 0;
        for (Option<?> o : options.values()) {
            width = Math.max(width, o.usage().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Option<?> o : options.values()) {
            String usage = o.usage();
            sb.append("    ").append(usage).append(" ".repeat(width - usage.length() + 2))
                    .append(o.description()).append('\n');
        }
        return sb.toString();
    }

    Iterable<Option<?>> all() {
        return options.values();
    }
}
