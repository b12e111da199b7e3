package dev.acomp.cli;

import dev.acomp.api.AcompRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of {@code zswap}: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code args} against the drivers on the class path, without a terminal. */
    static CommandRun zswap(String... args) {
        return zswap(AcompRegistry.load(), args);
    }

    static CommandRun zswap(AcompRegistry registry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = new Main(registry, new Terminal(o, e, false)).run(args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
