package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpPrintsTheUsageWithEveryCommandAndTheExitCodes() {
        CommandRun run = zswap("help");
        assertEquals(ExitCode.OK, run.exitCode());
        for (String expected : new String[] {"zswap backends", "zswap bench", "--source FILE|DIR", "--passes N",
                "Exit codes:", "  2  bad command line"}) {
            assertTrue(run.out().contains(expected), "usage lacks '" + expected + "':\n" + run.out());
        }
    }

    @Test
    void noArgumentsPrintsTheUsageAndFails() {
        CommandRun run = zswap();
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Usage: zswap"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownCommandIsNamedAndFollowedByTheUsage() {
        CommandRun run = zswap("compres");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("unknown command 'compres'"), run.err());
        assertTrue(run.err().contains("Usage: zswap"), run.err());
    }

    @Test
    void anUnknownOptionIsNamed() {
        CommandRun run = zswap("backends", "--jsno");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("unknown option '--jsno'"), run.err());
    }

    @Test
    void aFlagGivenAValueIsRefused() {
        CommandRun run = zswap("bench", "--progress=yes");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--progress takes no value"), run.err());
    }
}
