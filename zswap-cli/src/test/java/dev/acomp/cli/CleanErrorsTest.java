package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines a new user gets wrong, in every command: each is refused before any work with one line
 * on stderr naming what was wrong, exit code 2, and no stack trace.
 */
class CleanErrorsTest {
    @TempDir
    static Path dir;
    private static String emptyDir;
    private static String existing;
    private static String image;

    @BeforeAll
    static void files() throws IOException {
        emptyDir = Files.createDirectory(dir.resolve("empty")).toString();
        existing = Files.writeString(dir.resolve("swap.img"), "not ours").toString();
        image = SharedData.memoryImage().toString();
    }

    static Stream<Arguments> badCommandLines() {
        String missingDir = dir.resolve("no/such/dir/out.json").toString();
        return Stream.of(
                Arguments.of(new String[] {"run", "--source", "/dev/null"}, "--source /dev/null holds no pages"),
                Arguments.of(new String[] {"run", "--source", emptyDir}, "--source " + emptyDir + " holds no pages"),
                Arguments.of(new String[] {"compare", "--source", emptyDir}, "holds no pages"),
                Arguments.of(new String[] {"bench", "--source", emptyDir}, "holds no data"),
                Arguments.of(new String[] {"bench", "--source", "/dev/null"}, "holds no data"),
                Arguments.of(new String[] {"run", "--source", image, "--backing-file", existing, "--pool-limit", "10%"},
                        "--backing-file " + existing + " exists with 8 bytes, which a run does not overwrite; name a"
                                + " new file"),
                Arguments.of(new String[] {"compare", "--source", image, "--backing-file", dir.toString()},
                        "exists and is not a regular file"),
                Arguments.of(new String[] {"run", "--source", dir.resolve("missing").toString()},
                        "no such file or directory"),
                Arguments.of(new String[] {"run", "--source", "pid:abc"}, "not pid:PID"),
                Arguments.of(new String[] {"run", "--source", "pid:2147483647"}, "no such process"),
                Arguments.of(new String[] {"run", "--threads", "0"}, "--threads: needs a whole number 1..1024"),
                Arguments.of(new String[] {"compare", "--threads", "5000"}, "--threads: needs a whole number 1..1024"),
                Arguments.of(new String[] {"run", "--pool-limit", "lots"}, "--pool-limit: pool limit must be"),
                Arguments.of(new String[] {"run", "--access", "backwards"}, "--access: access pattern must be"),
                Arguments.of(new String[] {"run", "--loads", "-1"}, "--loads: needs a whole number >= 1"),
                Arguments.of(new String[] {"run", "--seed", "x"}, "--seed: needs a whole number"),
                Arguments.of(new String[] {"run", "--passes", "0"}, "--passes: needs a whole number >= 1"),
                Arguments.of(new String[] {"run", "--driver", "lz5"}, "--driver lz5: unknown algorithm or driver"),
                Arguments.of(new String[] {"run", "--json", missingDir}, "--json " + missingDir + ": no such directory"),
                Arguments.of(new String[] {"compare", "--html", dir.toString()}, "is a directory, not a file"),
                Arguments.of(new String[] {"compare", "--drivers", "lz4,lz5"}, "--drivers lz5: unknown algorithm"),
                Arguments.of(new String[] {"compare", "--rounds", "0"}, "--rounds: needs a whole number 1..100"),
                Arguments.of(new String[] {"bench", "--source", image, "--json", dir.toString()},
                        "is a directory, not a file"),
                Arguments.of(new String[] {"bench", "--passes", "2"}, "option --source is required"),
                Arguments.of(new String[] {"backends", "--json", missingDir}, "no such directory"),
                Arguments.of(new String[] {"backends", "--json"}, "option --json needs a value FILE"),
                Arguments.of(new String[] {"run", "--progress=yes"}, "option --progress takes no value"),
                Arguments.of(new String[] {"run", "--threads", "1", "--threads", "2"}, "option --threads given twice"),
                Arguments.of(new String[] {"compare", "stray"}, "unexpected argument 'stray'"),
                Arguments.of(new String[] {"help", "--verbose"}, "unknown option '--verbose'"),
                Arguments.of(new String[] {"run", "--source="}, "--source: needs a value FILE|DIR|pid:PID, got ''"),
                Arguments.of(new String[] {"bench", "--source", ""}, "--source: needs a value FILE|DIR, got ''"),
                // Creation refused whatever the directory's mode bits say (root may write any directory).
                Arguments.of(new String[] {"run", "--source", image, "--backing-file", "/proc/zswap-backing.swap"},
                        "--backing-file /proc/zswap-backing.swap: cannot create it: "),
                Arguments.of(new String[] {"run", "--source", image, "--html", "/proc/zswap-run.html"},
                        "--html /proc/zswap-run.html: cannot create it: "),
                // Write-only (mode 0200) even for root; run and bench say so in the same words.
                Arguments.of(new String[] {"run", "--source", "/proc/sys/vm/drop_caches"},
                        "--source /proc/sys/vm/drop_caches: cannot read it: permission denied"),
                Arguments.of(new String[] {"bench", "--source", "/proc/sys/vm/drop_caches"},
                        "--source /proc/sys/vm/drop_caches: cannot read it: permission denied"),
                Arguments.of(new String[] {"usemem", "--size", "1M", "--content", "/dev/null"},
                        "--content /dev/null holds no data"),
                // More than the 47-bit address space: no machine makes it.
                Arguments.of(new String[] {"usemem", "--size", "99999999G", "--resident", "1G", "--content", image},
                        "--size: cannot create a region of 107374181326258176 bytes"),
                // 64 TiB kept resident: refused before the region is made, not ended by the OOM killer.
                Arguments.of(new String[] {"usemem", "--size", "65536G", "--resident", "100%", "--content", image},
                        "--resident 67108864 MiB is more than the "),
                // A random order of 5 Gi pages a thread: refused before any memory is taken.
                Arguments.of(new String[] {"usemem", "--size", "40000G", "--resident", "1G", "--access", "random",
                        "--content", image}, "--size: random access keeps 4 bytes per page on the Java heap"),
                Arguments.of(new String[] {"usemem", "--plain", "--size", "99999999G", "--content", image},
                        "--size: cannot allocate 107374181326258176 bytes of plain memory"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void isOneLineAndExitCodeTwo(String[] args, String expected) {
        CommandRun run = zswap(args);

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertEquals("", run.out(), "no work was done");
        assertEquals(1, run.err().lines().count(), "one line:\n" + run.err());
        assertTrue(run.err().startsWith("zswap " + args[0] + ": "), run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
