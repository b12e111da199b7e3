package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code target/zswap.jar} as users do, with {@code java -jar}: proves that the manifest names the
 * main class and that every backend's provider survived the shading. Bound after {@code package} in the
 * pom (the {@code shaded-jar} surefire execution), where the jar exists.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("zswap.jar", "target/zswap.jar"));

    private static String[] javaJar(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private static CommandRun run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("zswap-out", ".txt");
        Path err = Files.createTempFile("zswap-err", ".txt");
        try {
            Process p = new ProcessBuilder(javaJar(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zswap.jar did not finish in 60 s");
            return new CommandRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    @Test
    void theJarListsTheSoftwareDriversAsAvailable() throws Exception {
        CommandRun run = run("backends");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        for (String driver : List.of("lz4-generic", "zstd-generic", "deflate-generic")) {
            assertTrue(run.out().lines().anyMatch(l -> l.contains(driver) && l.matches(".*\\byes\\b.*")),
                    driver + " not available in:\n" + run.out());
        }
    }

    @Test
    void theJarBenchesEveryAvailableDriverOnACorpusFile() throws Exception {
        Path file = SharedData.root().resolve("data/corpus/canterbury/xargs.1");
        CommandRun run = run("bench", "--source", file.toString(), "--passes", "1");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("zstd-generic"), run.out());
    }
}
