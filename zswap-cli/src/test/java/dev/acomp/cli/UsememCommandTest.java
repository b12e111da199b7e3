package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.acomp.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UsememCommandTest {
    @TempDir
    Path tmp;

    private CommandRun usemem(String... more) {
        String[] base = {"usemem", "--size", "16M", "--resident", "25%", "--content",
            SharedData.memoryImage().toString(), "--threads", "2", "--passes", "2"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CommandRun run = zswap(args);
        assumeFalse(run.err().contains("userfaultfd is not permitted"), run.err());
        return run;
    }

    @Test
    void aRandomRunOnARegionVerifiesEveryPageAndWritesTheJsonKeys() throws Exception {
        Path json = tmp.resolve("usemem.json");
        CommandRun run = usemem("--access", "random", "--driver", "zstd", "--json", json.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("verified: every page"), run.out());
        Map<String, Object> o = StrictJson.object(StrictJson.parse(Files.readString(json)));
        for (String key : new String[] {"throughput_mb_per_s", "fault_p99_us", "faults", "evictions",
            "memory_used_bytes", "verified"}) {
            assertTrue(o.containsKey(key), key + " in " + o);
        }
        assertEquals(true, o.get("verified"));
        assertEquals("zstd-generic", o.get("driver"));
        long faults = ((Number) o.get("faults")).longValue();
        long evictions = ((Number) o.get("evictions")).longValue();
        assertTrue(faults > 4096 && evictions > 0, o.toString());
    }

    @Test
    void aPlainRunVerifiesEveryPage() {
        CommandRun run = usemem("--plain", "--access", "seq");
        assertEquals(ExitCode.OK, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("usemem on plain memory") && run.out().contains("verified: every page"),
                run.out());
    }

    @Test
    void aBadSizeIsOneLineAndExitTwo() {
        CommandRun run = zswap("usemem", "--size", "lots", "--content", SharedData.memoryImage().toString());
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("zswap usemem: --size: needs a whole number of 4 KiB pages"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aBadAccessOrderIsAUsageError() {
        CommandRun run = usemem("--access", "zigzag");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--access: needs seq or random, got 'zigzag'"), run.err());
    }
}
