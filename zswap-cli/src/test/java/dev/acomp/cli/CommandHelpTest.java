package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code zswap COMMAND --help} (or {@code -h}, anywhere among its arguments) and {@code zswap help COMMAND}:
 * the command's part of {@code zswap help}, on stdout, exit 0.
 */
class CommandHelpTest {
    private static final String[] COMMANDS = {"run", "compare", "backends", "bench", "soak", "usemem", "help"};

    /** Asserts that {@code run} printed exactly the section of {@code zswap help} on {@code command}. */
    private static void assertUsageOf(String command, CommandRun run) {
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("  zswap " + command + " "), run.out());
        assertEquals(1, run.out().lines().filter(l -> l.startsWith("  zswap ")).count(), "one command:\n" + run.out());
        assertTrue(run.out().lines().count() >= 2, "synopsis and summary:\n" + run.out());
        assertTrue(zswap("help").out().contains(run.out()), "as 'zswap help' prints it:\n" + run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void everyCommandPrintsItsUsageForHelp(String flag) {
        for (String command : COMMANDS) {
            assertUsageOf(command, zswap(command, flag));
        }
    }

    @Test
    void runHelpShowsRunsOptions() {
        CommandRun run = zswap("run", "--help");
        assertUsageOf("run", run);
        assertTrue(run.out().contains("    --recompress ALG "), run.out());
        assertFalse(run.out().contains("--kernel-zram"), "compare's option:\n" + run.out());
    }

    @Test
    void helpCommandPrintsThatCommandsSectionOnly() {
        CommandRun run = zswap("help", "bench");
        assertUsageOf("bench", run);
        assertTrue(run.out().contains("--source FILE|DIR"), run.out());
        assertFalse(run.out().contains("zswap run") || run.out().contains("--recompress"), run.out());
        assertEquals(run, zswap("bench", "--help"));
    }

    @Test
    void helpOnAnUnknownCommandIsOneLineNamingItAndTheCommands() {
        CommandRun run = zswap("help", "nosuch");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("zswap help: unknown command 'nosuch'; the commands are run, compare,"),
                run.err());
        for (String command : COMMANDS) {
            assertTrue(run.err().contains(command), run.err());
        }
    }

    @Test
    void helpWinsWhereverItStandsWhateverElseIsWrong() {
        assertUsageOf("run", zswap("run", "--source", "/nonexistent", "--help"));
        assertUsageOf("run", zswap("run", "--threads", "0", "-h"));
        assertUsageOf("run", zswap("run", "--help", "--no-such-option", "stray"));
        assertUsageOf("bench", zswap("bench", "--passes", "--help"));
        assertUsageOf("usemem", zswap("usemem", "--size", "0", "--help"));
        assertUsageOf("soak", zswap("soak", "--seconds", "-1", "--help"));
    }

    @Test
    void anUnknownOptionPointsAtTheCommandsHelp() {
        CommandRun run = zswap("run", "--hepl");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().endsWith("'zswap run --help' lists its options\n"), run.err());
    }
}
