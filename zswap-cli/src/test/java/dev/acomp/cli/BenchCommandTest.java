package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.testing.FakeDriver;
import dev.acomp.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final List<String> SOFTWARE = List.of("lz4-generic", "zstd-generic", "deflate-generic");

    @TempDir
    Path tmp;

    private static Path corpusFile(String name) {
        return SharedData.root().resolve("data/corpus/canterbury").resolve(name);
    }

    /** A driver whose "compression" is a copy, batching up to {@code batch} units. */
    private static FakeDriver copyDriver(String name, int batch) {
        return FakeDriver.builder().name(name).algorithm("copy").priority(1).maxBatchSize(batch)
                .codec(FakeDriver.Codec.COPY).build();
    }

    @Test
    void everySoftwareDriverVerifiesEveryPageAndReportsItsRatioAsJson() throws IOException {
        Path file = corpusFile("cp.html");
        int pages = (int) ((Files.size(file) + 4095) / 4096);
        Path json = tmp.resolve("bench.json");

        // An odd number of passes: the median CPU time and the median speed are each one pass's.
        CommandRun run = zswap("bench", "--source", file.toString(), "--passes", "3", "--json", json.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        Map<String, Object> root = StrictJson.object(StrictJson.parse(Files.readString(json)));
        assertEquals((double) pages, root.get("pages"));
        assertEquals(3.0, root.get("passes"));
        Map<String, Map<String, Object>> byDriver = new HashMap<>();
        for (Object o : StrictJson.array(root.get("drivers"))) {
            Map<String, Object> d = StrictJson.object(o);
            byDriver.put((String) d.get("driver"), d);
        }
        for (String driver : SOFTWARE) {
            Map<String, Object> d = byDriver.get(driver);
            assertNotNull(d, driver + " missing from " + root);
            assertNull(d.get("failure"));
            assertEquals((double) pages, d.get("verified_pages"));
            double ratio = (Double) d.get("compression_ratio");
            assertEquals(pages * 4096.0 / (Double) d.get("compressed_bytes"), ratio, 1e-9);
            assertTrue(ratio > 1.5 && ratio < 20, driver + ": HTML compresses, ratio " + ratio);
            assertTrue((Double) d.get("compress_mb_per_s") > 0 && (Double) d.get("decompress_mb_per_s") > 0);
            // A software codec runs on the calling thread: its CPU time per page, at most the pass's wall time.
            double cpu = (Double) d.get("compress_cpu_us_per_page");
            assertTrue(cpu > 0 && cpu <= 4096 / (Double) d.get("compress_mb_per_s") * 1.001, driver + ": " + cpu + " us");
            // A source of a few pages takes the plan's fifteen warm-up passes at least, as run does.
            assertTrue((Double) d.get("warmup_passes") >= 15, driver + ": " + d.get("warmup_passes") + " warm-ups");
            assertTrue(run.out().contains(driver), "table row for " + driver + ":\n" + run.out());
        }
    }

    @Test
    void aCorpusDirectoryIsBenchedPageByPageForOneDriver() {
        Path dir = SharedData.root().resolve("data/corpus/calgary");

        CommandRun run = zswap("bench", "--source", dir.toString(), "--driver", "lz4", "--passes", "1");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("18 file(s)"), run.out());
        assertTrue(run.out().contains("lz4-generic"), run.out());
        assertTrue(!run.out().contains("zstd-generic"), "only the driver asked for:\n" + run.out());
    }

    @Test
    void aBatchingDriverGetsFullBatchesAndAShortLastOne() throws IOException {
        Path file = tmp.resolve("ten-pages");
        Files.write(file, new byte[9 * 4096 + 1]);
        FakeDriver driver = copyDriver("copy-batch4", 4);

        CommandRun run = zswap(AcompRegistry.of(List.of(driver)), "bench", "--source", file.toString(), "--passes",
                "1");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        // Each compress and each decompress pass, the cold one and the warm-ups too, in batches of 4, 4, 2.
        List<Integer> units = driver.unitsPerSubmission;
        assertTrue(units.size() >= 6 && units.size() % 3 == 0, units.size() + " requests");
        for (int i = 0; i < units.size(); i += 3) {
            assertEquals(List.of(4, 4, 2), units.subList(i, i + 3), "requests " + i + "..");
        }
    }

    @Test
    void aPageThatDiffersAfterDecompressionFailsTheRunAndIsNamed() throws IOException {
        Path file = tmp.resolve("five-pages");
        byte[] data = new byte[5 * 4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 4096);
        }
        Files.write(file, data);
        FakeDriver corrupting = copyDriver("copy-corrupting", 1);
        corrupting.corruptDecompressions(n -> n == 2, 10);

        CommandRun run = zswap(AcompRegistry.of(List.of(corrupting)), "bench", "--source", file.toString(),
                "--passes", "1");

        assertEquals(ExitCode.FAILURE, run.exitCode());
        assertTrue(run.err().contains("copy-corrupting: " + file + " page 2 differs after its round trip at byte 10"),
                run.err());
        assertTrue(run.out().contains("FAILED"), run.out());
    }

    @Test
    void aMissingSourceIsAUsageErrorNamingIt() {
        Path missing = tmp.resolve("no-such-file");

        CommandRun run = zswap("bench", "--source", missing.toString());

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--source " + missing + ": no such file or directory"), run.err());
    }

    @Test
    void anUnknownDriverIsAUsageErrorNamingIt() {
        CommandRun run = zswap("bench", "--source", corpusFile("xargs.1").toString(), "--driver", "lz5-generic");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--driver lz5-generic"), run.err());
        assertTrue(run.err().contains("unknown algorithm or driver 'lz5-generic'"), run.err());
    }

    @Test
    void aSourceIsRequired() {
        CommandRun run = zswap("bench", "--passes", "3");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("option --source is required"), run.err());
    }

    @Test
    void passesMustBeAPositiveNumber() {
        CommandRun run = zswap("bench", "--source", corpusFile("xargs.1").toString(), "--passes", "0");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--passes: needs a whole number >= 1, got '0'"), run.err());
    }
}
