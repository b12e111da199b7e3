package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortSoakReportsEveryFigureAndPasses() {
        CommandRun run = zswap("soak", "--seconds", "2", "--threads", "1", "--dir", dir.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        for (String expected : new String[] {"driver lz4: PASSED", "operations: ", "faults injected: ",
                "typed errors: ", "0 wrong", "0 hangs", "stored_pages 0", "direct_bytes 0"}) {
            assertTrue(run.out().contains(expected), "report lacks '" + expected + "':\n" + run.out());
        }
    }

    @Test
    void badValuesAreOneLineAndExitTwo() {
        for (String[] args : new String[][] {{"soak", "--seconds", "0"}, {"soak", "--driver", "nope"},
                {"soak", "--dir", dir.resolve("missing").toString()}, {"soak", "--threads", "x"}}) {
            CommandRun run = zswap(args);
            assertEquals(ExitCode.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().startsWith("zswap soak: "), run.err());
            assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }
}
