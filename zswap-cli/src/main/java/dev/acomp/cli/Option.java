package dev.acomp.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * One command-line option, declared once: its name, the name of its value (none for a flag), what it
 * does, how its value is read, and its default. Parsing ({@link Options#parse}), the usage text and the
 * synopsis ({@link Options#describe}, {@link Options#synopsis}) and reading the value
 * ({@link Arguments#get}) all come from this declaration. Immutable: the builder-style methods return a
 * new option.
 *
 * <p>A value that does not convert, or is empty, is a {@link UsageException} naming the option: the
 * converter throws {@link IllegalArgumentException} with the reason.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {
    private final String name;
    private final String argument;
    private final String description;
    private final Function<String, T> converter;
    private final T otherwise;
    private final boolean required;

    private Option(String name, String argument, String description, Function<String, T> converter, T otherwise,
            boolean required) {
        if (!name.startsWith("--") || name.contains("=")) {
            throw new IllegalArgumentException("an option is named --NAME: " + name);
        }
        this.name = name;
        this.argument = argument;
        this.description = Objects.requireNonNull(description, "description");
        this.converter = converter;
        this.otherwise = otherwise;
        this.required = required;
    }

    /** An option without a value: true when given. */
    public static Option<Boolean> flag(String name, String description) {
        return new Option<>(name, null, description, v -> Boolean.TRUE, Boolean.FALSE, false);
    }

    /** An option with a value, shown as {@code argument}; null when not given. */
    public static Option<String> text(String name, String argument, String description) {
        return new Option<>(name, argument, description, v -> v, null, false);
    }

    /** A path; null when not given. */
    public static Option<Path> path(String name, String argument, String description) {
        return text(name, argument, description).as(Path::of);
    }

    /** A whole number of at least {@code min}; null when not given unless given a default. */
    public static Option<Integer> number(String name, String description, int min) {
        return number(name, description, min, Integer.MAX_VALUE);
    }

    /** A whole number in {@code [min, max]}; null when not given unless given a default. */
    public static Option<Integer> number(String name, String description, int min, int max) {
        String range = max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
        return text(name, "N", description).as(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("needs a whole number " + range + ", got '" + v + "'");
        });
    }

    /** Any whole number; null when not given unless given a default. */
    public static Option<Long> wholeNumber(String name, String description) {
        return text(name, "N", description).as(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("needs a whole number, got '" + v + "'", e);
            }
        });
    }

    /** The same option with its value converted on by {@code convert} (which throws IllegalArgumentException). */
    public <R> Option<R> as(Function<? super T, ? extends R> convert) {
        if (argument == null) {
            throw new IllegalStateException(name + " is a flag: it has no value to convert");
        }
        Function<String, R> then = converter.andThen(convert);
        return new Option<>(name, argument, description, then, null, required);
    }

    /** The same option with a default, which the usage text shows. */
    public Option<T> otherwise(T value) {
        return new Option<>(name, argument, description, converter, Objects.requireNonNull(value, "default"),
                required);
    }

    /** The same option, required: missing, it is a {@link UsageException}. */
    public Option<T> required() {
        return new Option<>(name, argument, description, converter, otherwise, true);
    }

    public String name() {
        return name;
    }

    /** The name of the value, or null for a flag. */
    public String argument() {
        return argument;
    }

    public boolean isFlag() {
        return argument == null;
    }

    public boolean isRequired() {
        return required;
    }

    /** What it does, with its default when it has one. */
    public String description() {
        return isFlag() || otherwise == null ? description : description + " (default " + otherwise + ")";
    }

    /** {@code --name ARG}, or {@code --name} for a flag. */
    public String usage() {
        return isFlag() ? name : name + " " + argument;
    }

    /** The value of {@code raw} as given to {@code command}; an empty one is refused (an unset shell variable). */
    T convert(String command, String raw) {
        if (!isFlag() && raw.isEmpty()) {
            throw new UsageException(command + ": " + name + ": needs a value " + argument + ", got ''");
        }
        try {
            return converter.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + name + ": " + e.getMessage(), e);
        }
    }

    /** The value when not given: the default, or a {@link UsageException} when required. */
    T absent(String command) {
        if (required) {
            throw new UsageException(command + ": option " + name + " is required");
        }
        return otherwise;
    }

    @Override
    public String toString() {
        return usage();
    }
}
