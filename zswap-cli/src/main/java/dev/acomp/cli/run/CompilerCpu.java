package dev.acomp.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's JIT compiler threads, in nanoseconds, from each thread's scheduler statistics
 * in {@code /proc/self/task}. The {@link CompilationMXBean}'s compilation time grows only as a compile
 * ends, so one that runs for half a second looks quiet all that time; on two cores with two threads
 * storing, such compiles ran through the steady passes of a run (a tenth of a core, taken from the two
 * threads). Where {@code /proc} has no such statistics, the bean's time stands in.
 */
final class CompilerCpu implements LongSupplier {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** The last time read of each compiler thread seen, so that one that ends keeps its share. */
    private final Map<String, Long> nanosOfThread = new HashMap<>();

    private CompilerCpu() {
    }

    /** This JVM's compiler time: from {@code /proc} where it can be read, else the compilation bean's. */
    static LongSupplier clock() {
        CompilerCpu cpu = new CompilerCpu();
        try {
            cpu.getAsLong();
            return cpu;
        } catch (UncheckedIOException | NumberFormatException e) {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported()
                    ? () -> jit.getTotalCompilationTime() * 1_000_000 : () -> 0;
        }
    }

    @Override
    public long getAsLong() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                String name = read(task.resolve("comm"));
                if (name != null && name.contains("CompilerThre")) {
                    String stat = read(task.resolve("schedstat"));
                    if (stat != null) {
                        nanosOfThread.put(task.getFileName().toString(), Long.parseLong(stat.split(" ", 2)[0]));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nanosOfThread.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The file's first line, or null when its thread ended meanwhile. */
    private static String read(Path file) {
        try {
            return Files.readAllLines(file).get(0).trim();
        } catch (IOException e) {
            if (Files.exists(file.getParent())) {
                throw new UncheckedIOException(e);
            }
            return null;
        }
    }
}
