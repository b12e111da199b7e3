package dev.acomp.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A reference command-line codec (the {@code zstd} or {@code lz4} CLI), the independent decoder of a cross-check. */
public final class ReferenceTool {
    private final Path executable;
    private final String debianPackage;

    private ReferenceTool(Path executable, String debianPackage) {
        this.executable = executable;
        this.debianPackage = debianPackage;
    }

    /** The tool at {@code /usr/bin/<name>}; fails the test, naming the package, when it is not installed. */
    public static ReferenceTool require(String name, String debianPackage) {
        Path exe = Path.of("/usr/bin", name);
        assertTrue(Files.isExecutable(exe), () -> exe + " is missing: install the '" + debianPackage
                + "' package (apt-get install " + debianPackage + ") for this cross-check");
        return new ReferenceTool(exe, debianPackage);
    }

    /** Runs the tool with {@code args}, its standard output to {@code output}; fails on a non-zero exit. */
    public void run(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(output.getParent(), "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> command + " did not finish");
        assertEquals(0, p.exitValue(), () -> command + " failed (" + debianPackage + "): " + read(errors));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
