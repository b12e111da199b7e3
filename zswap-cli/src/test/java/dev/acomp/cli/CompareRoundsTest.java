package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.report.Comparison;
import dev.acomp.cli.report.JsonReport;
import dev.acomp.cli.report.TextReport;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.run.Throughput;
import dev.acomp.cli.zram.ZramMmStat;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --rounds}: each round's runs reported as such, and ours over the kernel's as medians of rounds. */
class CompareRoundsTest {
    /** At x MB/s (10^6 bytes), a page takes PAGE_BYTES / x microseconds. */
    private static final double PAGE_BYTES = PageSnapshot.PAGE_SIZE;
    private static String paper1;
    private static RunResult lz4;

    @BeforeAll
    static void runOnce() {
        paper1 = SharedData.corpusFiles().stream().filter(p -> p.endsWith("calgary/paper1")).findFirst()
                .orElseThrow().toString();
        EngineRun run = new EngineRun(RunSettings.builder(AcompRegistry.load()).compressor("lz4").build(),
                PageSources.open(paper1, note -> { }));
        lz4 = run.run(new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), "", 1, false));
    }

    /** {@link #lz4} as if it had stored and loaded at these speeds, one thread busy throughout. */
    private static RunResult ours(double storeMBps, double loadMBps) {
        return ours(storeMBps, loadMBps, PAGE_BYTES / storeMBps, PAGE_BYTES / loadMBps);
    }

    /** {@link #lz4} as if it had stored and loaded at these speeds, for these microseconds of CPU per page. */
    private static RunResult ours(double storeMBps, double loadMBps, double storeCpuMicros, double loadCpuMicros) {
        RunResult r = lz4;
        return new RunResult(r.source(), r.driver(), r.pages(), r.folioMix(), r.threads(), r.access(),
                r.poolLimitBytes(), r.backingFile(), r.stored(), r.beforeRecompress(), r.atEnd(),
                new Throughput(storeMBps, loadMBps, 1, 1, 5, 0, storeCpuMicros, loadCpuMicros), r.engineLoads(),
                r.callerLoads(), r.sweptPages(),
                r.storeLatency(), r.loadLatency(), r.rejectedPages(), r.mismatches(), r.loadFailures(),
                r.firstProblem(), r.pid());
    }

    /** The kernel's zram on {@link #lz4}'s pages at these speeds, its pool half their bytes. */
    private static ZramResult kernel(double writeMBps, double readMBps) {
        return kernel(writeMBps, readMBps, PAGE_BYTES / writeMBps, PAGE_BYTES / readMBps);
    }

    private static ZramResult kernel(double writeMBps, double readMBps, double writeCpuMicros, double readCpuMicros) {
        long bytes = lz4.originalBytes();
        return new ZramResult("/dev/zram0", "lz4", lz4.pages(), ZramMmStat.parse(bytes + " " + bytes / 2 + " "
                + bytes / 2 + " 0 " + bytes / 2 + " 0 0 0"), new Throughput(writeMBps, readMBps, 1, 1, 5, 0,
                writeCpuMicros, readCpuMicros), 0, null);
    }

    private static Comparison.Round round(RunResult ours, ZramResult kernel) {
        return new Comparison.Round(ours == null ? List.of() : List.of(ours),
                List.of(new Comparison.KernelPair(kernel, ours)));
    }

    private static String text(Comparison c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextReport.printComparison(c, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void againstTheKernelEachFigureIsTheMedianOfTheRoundsRatios() {
        // CPU per page: the kernel's 10 us to store and 4 to load against ours 10, 5, 20 and 2, 2, 8, so
        // the kernel's over ours is 1, 2, 0.5 and 2, 2, 0.5, apart from the speeds.
        RunResult second = ours(200, 50, 5, 2);
        ZramResult third = kernel(100, 25, 10, 4);
        Comparison c = new Comparison(paper1, List.of(round(ours(100, 50, 10, 2), kernel(100, 100, 10, 4)),
                round(second, kernel(100, 50, 10, 4)), round(ours(300, 50, 20, 8), third)), List.of(), List.of(),
                List.of());

        Comparison.KernelRatios k = c.againstKernel().get(0);
        assertEquals(1, c.againstKernel().size());
        assertEquals("lz4", k.algorithm());
        assertEquals(lz4.driver(), k.driver());
        assertArrayEquals(new double[] {1, 2, 3}, k.each(Comparison.KernelPair::storeRatio), 1e-9);
        assertEquals(2, k.storeRatio(), 1e-9);
        assertEquals(1, k.loadRatio(), 1e-9, "0.5, 1 and 2");
        assertEquals(lz4.effectiveRatio() / 2, k.effectiveRatio(), 1e-9, "the kernel's pool is half the pages");
        assertEquals(1, k.storeCpuRatio(), 1e-9);
        assertEquals(2, k.loadCpuRatio(), 1e-9);
        assertEquals(lz4.driver() + " #2", c.label(second));
        assertEquals("kernel zram lz4 #3", c.label(third));

        String text = text(c);
        assertTrue(text.contains(lz4.driver() + " over kernel zram lz4, 1 thread(s) each (median of 3 rounds): store 2.000x"
                + " (1.000-3.000), load 1.000x (0.500-2.000)"), text);
        assertTrue(text.contains("CPU per page, the kernel's over ours: store 1.000x (0.500-2.000), load 2.000x"
                + " (0.500-2.000)"), text);
        assertTrue(text.contains("kernel zram lz4 #3 mm_stat"), text);

        Map<String, Object> json = StrictJson.object(StrictJson.parse(JsonReport.comparison(c)));
        assertEquals(3.0, json.get("rounds"));
        List<Object> drivers = StrictJson.array(json.get("drivers"));
        assertEquals(List.of(1.0, 2.0, 3.0), drivers.stream().map(d -> StrictJson.object(d).get("round")).toList());
        Map<String, Object> against = StrictJson.object(StrictJson.array(json.get("against_kernel_zram")).get(0));
        assertEquals(1.0, against.get("threads"));
        assertEquals(2.0, against.get("store"));
        assertEquals(1.0, against.get("load"));
        assertEquals(1.0, against.get("store_cpu"));
        assertEquals(2.0, against.get("load_cpu"));
        assertEquals(5.0, StrictJson.object(drivers.get(1)).get("store_cpu_us_per_page"));
        assertEquals(4.0, StrictJson.object(StrictJson.array(json.get("kernel_zram")).get(0)).get("read_cpu_us_per_page"));
        assertEquals(List.of(1.0, 2.0, 3.0), against.get("store_each"));
        assertEquals(List.of(1.0, 2.0, 3.0), StrictJson.array(json.get("kernel_zram")).stream()
                .map(z -> StrictJson.object(z).get("round")).toList());
    }

    @Test
    void aRoundWhoseDriverFailedKeepsTheKernelsRowButGivesNoRatio() {
        Comparison c = new Comparison(paper1, List.of(round(ours(150, 100), kernel(100, 100)),
                round(null, kernel(1, 1))), List.of(lz4.driver() + " (round 2): failed"), List.of(), List.of());

        Comparison.KernelRatios k = c.againstKernel().get(0);
        assertEquals(1, k.pairs().size());
        assertEquals(1.5, k.storeRatio(), 1e-9);
        String text = text(c);
        assertTrue(text.contains(", 1 thread(s) each (one round): store 1.500x,"), text);
        assertTrue(text.contains("kernel zram lz4 #2"), text);
        assertFalse(c.succeeded());
    }

    @Test
    void oneRoundIsLabelledWithoutARoundAndSaysHowToGetMore() {
        Comparison c = new Comparison(paper1, List.of(round(ours(120, 90), kernel(100, 100))), List.of(), List.of(),
                List.of());
        String text = text(c);
        assertTrue(text.contains(" over kernel zram lz4, 1 thread(s) each (one round; --rounds N gives the median of N):"
                + " store 1.200x, load 0.900x;"), text);
        assertFalse(text.contains("#1"), text);
    }

    @Test
    void compareRoundsMeasureEachDriverOncePerRound(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("c.json");
        // lz4 by its algorithm's name, which names its driver of highest priority.
        CommandRun run = CommandRun.zswap("compare", "--source", paper1, "--drivers", "lz4", "--rounds", "2",
                "--passes", "1", "--json", json.toString());

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        Map<String, Object> c = StrictJson.object(StrictJson.parse(Files.readString(json)));
        assertEquals(2.0, c.get("rounds"));
        List<Object> drivers = StrictJson.array(c.get("drivers"));
        assertEquals(List.of(1.0, 2.0), drivers.stream().map(d -> StrictJson.object(d).get("round")).toList());
        assertEquals(List.of(lz4.driver(), lz4.driver()), drivers.stream().map(d -> StrictJson.object(d).get("driver"))
                .toList(), "--drivers lz4: no other driver");
        Object firstPid = StrictJson.object(drivers.get(0)).get("pid");
        assertFalse(firstPid.equals(StrictJson.object(drivers.get(1)).get("pid")), "each round's run in a fresh JVM");
        assertTrue(run.out().contains(lz4.driver() + " #1") && run.out().contains(lz4.driver() + " #2"), run.out());
        assertFalse(run.out().contains("over kernel zram"), "no kernel figures without --kernel-zram");
    }
}
