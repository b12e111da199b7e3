package dev.acomp.cli;

import java.util.Map;

/** The options given to one command, parsed by {@link Options#parse}; read through their declarations. */
public final class Arguments {
    private final String command;
    private final Options options;
    private final Map<String, String> given;

    Arguments(String command, Options options, Map<String, String> given) {
        this.command = command;
        this.options = options;
        this.given = Map.copyOf(given);
    }

    /** Whether {@code option} was given. */
    public boolean has(Option<?> option) {
        return given.containsKey(declared(option).name());
    }

    /**
     * The value of {@code option}: converted, or its default when not given. A value that does not
     * convert, or a required option missing, is a {@link UsageException} naming the option.
     */
    public <T> T get(Option<T> option) {
        String raw = given.get(declared(option).name());
        return raw == null ? option.absent(command) : option.convert(command, raw);
    }

    /** Converts every option (given or required), so that a wrong value is refused before any work starts. */
    public Arguments checkAll() {
        for (Option<?> o : options.all()) {
            get(o);
        }
        return this;
    }

    private <T> Option<T> declared(Option<T> option) {
        if (!options.declares(option)) {
            throw new IllegalArgumentException(command + " does not declare " + option.name());
        }
        return option;
    }
}
