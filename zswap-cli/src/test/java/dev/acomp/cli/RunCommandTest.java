package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.testing.FakeDriver;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zswap run} and {@code zswap compare} through {@link Main}, as a user runs them. */
class RunCommandTest {
    private static final List<String> REQUIRED_KEYS = List.of("driver", "pages", "original_bytes",
            "compressed_bytes", "pool_total_size", "same_filled_pages", "written_back_pages", "backing_file_bytes_written",
            "store_mb_per_s", "load_mb_per_s", "load_p99_us", "verified");

    private static double number(Map<String, Object> json, String key) {
        Object v = json.get(key);
        assertTrue(v instanceof Double, key + " is a number: " + v);
        return (Double) v;
    }

    @Test
    void memoryImageWithAQuarterPoolLimitVerifiesEveryPageAndReportsInJsonAndHtml(@TempDir Path dir)
            throws IOException {
        Path json = dir.resolve("run.json");
        Path html = dir.resolve("run.html");
        CommandRun run = CommandRun.zswap("run", "--source", SharedData.memoryImage().toString(), "--driver", "lz4",
                "--pool-limit", "25%", "--access", "zipf", "--json", json.toString(), "--html", html.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("verified     every page: 4096 of 4096 pages swept"), run.out());
        assertTrue(run.out().contains("pool limit 4.0 MiB"), run.out());
        assertTrue(run.out().matches("(?s).*written_back_pages [1-9][0-9]*,.*"), run.out());

        Map<String, Object> r = StrictJson.object(StrictJson.parse(Files.readString(json)));
        for (String key : REQUIRED_KEYS) {
            assertTrue(r.containsKey(key), "missing " + key);
        }
        assertTrue(((String) r.get("driver")).startsWith("lz4"), "driver " + r.get("driver"));
        assertEquals(4096, number(r, "pages"));
        assertEquals(16L << 20, number(r, "original_bytes"));
        double compressed = number(r, "compressed_bytes");
        assertTrue(compressed > 0 && compressed < 16L << 20, "compressed_bytes " + compressed);
        assertTrue(number(r, "pool_total_size") >= compressed, "the pool holds at least the compressed bytes");
        assertTrue(number(r, "pool_reserved_bytes") >= number(r, "pool_total_size"), "arenas hold the pool's blocks");
        assertTrue(number(r, "same_filled_pages") > 0, "the image has zero pages");
        assertTrue(number(r, "written_back_pages") > 0, "over the limit, pages are written back");
        assertTrue(number(r, "backing_file_bytes_written") > 0);
        assertTrue(number(r, "backing_file_bytes_written") < number(r, "written_back_pages") * SharedData.PAGE_SIZE,
                "written back compressed");
        assertTrue(number(r, "store_mb_per_s") > 0);
        assertTrue(number(r, "load_mb_per_s") > 0);
        assertTrue(number(r, "cold_store_mb_per_s") > 0);
        assertTrue(number(r, "cold_load_mb_per_s") > 0);
        assertTrue(number(r, "store_cpu_us_per_page") > 0 && number(r, "load_cpu_us_per_page") > 0);
        assertEquals(RunSettings.DEFAULT_PASSES, number(r, "passes"));
        assertTrue(number(r, "load_p99_us") > 0 && number(r, "load_p99_us") >= number(r, "load_p50_us"));
        assertEquals(Boolean.TRUE, r.get("verified"));

        String page = Files.readString(html, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        assertTrue(page.contains("<svg"));
        assertFalse(page.contains("http://") || page.contains("https://"));
    }

    @Test
    void aProcessThatDoesNotExistIsABadSource() {
        long pid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1_000_000;
        CommandRun run = CommandRun.zswap("run", "--source", "pid:" + pid);

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("pid " + pid + ": no such process"), run.err());
    }

    @Test
    void aMismatchFailsTheRun(@TempDir Path dir) throws IOException {
        byte[] pages = new byte[16 * SharedData.PAGE_SIZE];
        byte[] half = new byte[SharedData.PAGE_SIZE / 2];
        SplittableRandom random = new SplittableRandom(5);
        for (int p = 0; p < 16; p++) {
            random.nextBytes(half);
            System.arraycopy(half, 0, pages, p * SharedData.PAGE_SIZE, half.length);
        }
        Path source = Files.write(dir.resolve("pages"), pages);
        FakeDriver corrupting = FakeDriver.builder().name("trailing-zeros").algorithm("trailing-zeros").priority(1)
                .codec(FakeDriver.Codec.TRAILING_ZEROS).build();
        corrupting.corruptDecompressions(n -> true, 0);
        AcompRegistry broken = AcompRegistry.of(List.of(corrupting));

        CommandRun run = CommandRun.zswap(broken, "run", "--source", source.toString(), "--driver",
                corrupting.name());

        assertEquals(ExitCode.FAILURE, run.exitCode());
        assertTrue(run.out().contains("verified     FAILED"), run.out());
        assertTrue(run.out().contains("differs after its round trip"), run.out());
    }

    @Test
    void compareRunsEveryAvailableDriverOnTheSamePages(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("compare.json");
        String paper1 = SharedData.corpusFiles().stream().filter(p -> p.endsWith("calgary/paper1")).findFirst()
                .orElseThrow().toString();
        CommandRun run = CommandRun.zswap("compare", "--source", paper1, "--json", json.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        List<String> available = AcompRegistry.load().drivers().stream().filter(DriverInfo::available)
                .map(DriverInfo::driver).toList();
        Map<String, Object> c = StrictJson.object(StrictJson.parse(Files.readString(json)));
        List<Object> drivers = StrictJson.array(c.get("drivers"));
        assertEquals(available, drivers.stream().map(d -> StrictJson.object(d).get("driver")).toList());
        Set<Double> jvms = new HashSet<>();
        for (Object d : drivers) {
            Map<String, Object> r = StrictJson.object(d);
            assertEquals(Boolean.TRUE, r.get("verified"), r.get("driver") + " verified");
            assertEquals(number(StrictJson.object(drivers.get(0)), "pages"), number(r, "pages"), "the same pages");
            // Measured in a fresh JVM of its own, not in this one after the drivers before it.
            assertTrue(jvms.add(number(r, "pid")), r.get("driver") + " shares a JVM: " + jvms);
        }
        assertFalse(jvms.contains((double) ProcessHandle.current().pid()), "a driver measured in the test's JVM");
        for (String driver : available) {
            assertTrue(run.out().contains(driver), driver + " in the table");
        }
        assertTrue(StrictJson.array(c.get("kernel_zram")).isEmpty(), "zram only with --kernel-zram");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CommandRun limit = CommandRun.zswap("run", "--pool-limit", "lots");
        assertEquals(ExitCode.USAGE, limit.exitCode());
        assertTrue(limit.err().contains("'lots'"), limit.err());

        CommandRun access = CommandRun.zswap("run", "--access", "lru");
        assertEquals(ExitCode.USAGE, access.exitCode());
        assertTrue(access.err().contains("seq, random or zipf"), access.err());

        CommandRun driver = CommandRun.zswap("run", "--driver", "no-such-codec");
        assertEquals(ExitCode.USAGE, driver.exitCode());
        assertTrue(driver.err().contains("no-such-codec"), driver.err());

        CommandRun recompress = CommandRun.zswap("run", "--recompress", "no-such-codec");
        assertEquals(ExitCode.USAGE, recompress.exitCode());
        assertTrue(recompress.err().contains("no-such-codec"), recompress.err());
    }

    @Test
    void recompressingWithZstdMakesTheIdlePagesSmallerAndEveryPageStillVerifies(@TempDir Path dir)
            throws IOException {
        Path json = dir.resolve("run.json");
        CommandRun run = CommandRun.zswap("run", "--source", SharedData.memoryImage().toString(), "--driver", "lz4",
                "--recompress", "zstd", "--json", json.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("verified     every page: 4096 of 4096 pages swept"), run.out());
        Map<String, Object> r = StrictJson.object(StrictJson.parse(Files.readString(json)));
        double recompressed = number(r, "recompressed_pages");
        assertTrue(recompressed > 2000 && recompressed <= 4096, "recompressed_pages " + recompressed + " of 4096");
        assertTrue(number(r, "effective_ratio") > 1.1 * number(r, "effective_ratio_before_recompress"),
                r.get("effective_ratio") + " after, " + r.get("effective_ratio_before_recompress") + " before");

        // Before recompressing, the pool is about what lz4 alone makes of these pages: the holes that storing
        // over the last pass's recompressed objects left are compacted away first.
        Path plainJson = dir.resolve("plain.json");
        CommandRun plain = CommandRun.zswap("run", "--source", SharedData.memoryImage().toString(), "--driver", "lz4",
                "--passes", "1", "--json", plainJson.toString());
        assertEquals(ExitCode.OK, plain.exitCode(), plain.err());
        double lz4Alone = number(StrictJson.object(StrictJson.parse(Files.readString(plainJson))), "effective_ratio");
        assertTrue(number(r, "effective_ratio_before_recompress") > 0.95 * lz4Alone,
                r.get("effective_ratio_before_recompress") + " before recompressing, " + lz4Alone + " with lz4 alone");
    }
}
