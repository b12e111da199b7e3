package dev.acomp.cli.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh JVM like this one: the same java, JVM options and class path, running another class's main.
 * As JMH forks per benchmark, a measurement made there starts with no JIT profile and no heap left by
 * the measurements before it.
 */
final class ForkedJvm {
    /** The prefix of the framework's system properties, which a forked JVM gets as this one has them. */
    private static final String SETTINGS = "acomp.";

    private ForkedJvm() {
    }

    /** The command line of a JVM like this one running {@code main} with {@code args}. */
    static List<String> command(Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean nativeAccess = false;
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger's agent listens on a port the child could not take too.
            if (!option.startsWith("-agentlib:jdwp")) {
                command.add(option);
                nativeAccess |= option.startsWith("--enable-native-access");
            }
        }
        // The framework's settings (acomp.qpl.library...) as this JVM has them, also when set by its launcher.
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(SETTINGS) && command.stream().noneMatch(o -> o.startsWith("-D" + key + "="))) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (!nativeAccess) {
            // What zswap.jar's manifest grants (JNA, zstd-jni, lz4-java call native code); -cp has no manifest.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code command} with {@code env} added to this process's environment, copying what it writes
     * to stderr (progress, messages) to {@code err} as it comes; returns its exit code.
     */
    static int run(List<String> command, Map<String, String> env, OutputStream err) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
        try (InputStream childErr = child.getErrorStream()) {
            child.getOutputStream().close();
            byte[] buffer = new byte[8192];
            for (int n = childErr.read(buffer); n >= 0; n = childErr.read(buffer)) {
                err.write(buffer, 0, n);
                err.flush();
            }
            return child.waitFor();
        } catch (IOException e) {
            child.destroyForcibly();
            throw new UncheckedIOException("lost the forked JVM's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a forked JVM measured", e);
        }
    }
}
