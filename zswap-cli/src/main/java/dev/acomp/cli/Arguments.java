package dev.acomp.cli;

import java.nio.file.Path;
import java.util.Map;

/** The options given to one command, parsed by {@link Options#parse}. Errors name the option. */
public final class Arguments {
    private final String command;
    private final Map<String, String> given;

    Arguments(String command, Map<String, String> given) {
        this.command = command;
        this.given = Map.copyOf(given);
    }

    /** Whether the option (a flag or an option with a value) was given. */
    public boolean has(String option) {
        return given.containsKey(option);
    }

    /** The option's value, or null when it was not given. */
    public String value(String option) {
        return given.get(option);
    }

    /** The option's value; throws {@link UsageException} when it was not given. */
    public String required(String option) {
        String v = given.get(option);
        if (v == null) {
            throw new UsageException(command + ": option " + option + " is required");
        }
        return v;
    }

    /** The option's value as a path, or null when it was not given. */
    public Path path(String option) {
        String v = given.get(option);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            throw new UsageException(command + ": option " + option + " needs a path, got ''");
        }
        return Path.of(v);
    }

    /** The option's value as a path; throws {@link UsageException} when it was not given. */
    public Path requiredPath(String option) {
        required(option);
        return path(option);
    }

    /** The option's value as an int of at least {@code min}, or {@code otherwise} when it was not given. */
    /** The whole number given to {@code option}, or {@code otherwise}; anything else is a {@link UsageException}. */
    public long longValue(String option, long otherwise) {
        String v = given.get(option);
        if (v == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": option " + option + " needs a whole number, got '" + v + "'", e);
        }
    }

    public int intValue(String option, int otherwise, int min) {
        String v = given.get(option);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new UsageException(command + ": option " + option + " needs a whole number >= " + min + ", got '"
                + v + "'");
    }
}
