package dev.acomp.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options one command accepts: flags ({@code --json}) and options with a value ({@code --passes N} or
 * {@code --passes=N}). Parses a command line against them and describes them for the usage text.
 * Immutable; made with {@link #builder()}.
 */
public final class Options {
    private final Map<String, Option> options;

    private Options(Map<String, Option> options) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The arguments after the command name, parsed. Throws {@link UsageException} naming the first
     * unknown option, repeated option, option without its value, or stray argument.
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
            Option option = options.get(name);
            if (option == null) {
                throw new UsageException(command + ": unknown option '" + name + "'");
            }
            String value;
            if (option.argument() == null) {
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
        return new Arguments(command, given);
    }

    /** One line per option, aligned, for the usage text. */
    public String describe() {
        int width = 0;
        for (Option o : options.values()) {
            width = Math.max(width, o.synopsis().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Option o : options.values()) {
            String synopsis = o.synopsis();
            sb.append("    ").append(synopsis).append(" ".repeat(width - synopsis.length() + 2))
                    .append(o.description()).append('\n');
        }
        return sb.toString();
    }

    /** One option: its name, the name of its value (null for a flag), and what it does. */
    private record Option(String name, String argument, String description) {
        String synopsis() {
            return argument == null ? name : name + " " + argument;
        }
    }

    public static final class Builder {
        private final Map<String, Option> options = new LinkedHashMap<>();

        private Builder() {
        }

        /** An option without a value. */
        public Builder flag(String name, String description) {
            return add(new Option(name, null, description));
        }

        /** An option with a value, shown as {@code argument} in the usage text. */
        public Builder value(String name, String argument, String description) {
            return add(new Option(name, argument, description));
        }

        private Builder add(Option option) {
            if (!option.name().startsWith("--") || options.putIfAbsent(option.name(), option) != null) {
                throw new IllegalArgumentException("bad or repeated option name: " + option.name());
            }
            return this;
        }

        public Options build() {
            return new Options(options);
        }
    }
}
