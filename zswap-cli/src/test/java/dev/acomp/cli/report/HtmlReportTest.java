package dev.acomp.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.run.Throughput;
import dev.acomp.cli.zram.ZramMmStat;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.testing.SharedData;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static RunResult lz4;
    private static RunResult deflate;

    @BeforeAll
    static void runTwoDrivers() {
        String paper1 = SharedData.corpusFiles().stream().filter(p -> p.endsWith("calgary/paper1")).findFirst()
                .orElseThrow().toString();
        AcompRegistry registry = AcompRegistry.load();
        lz4 = run(RunSettings.builder(registry).compressor("lz4").build(), paper1);
        deflate = run(RunSettings.builder(registry).compressor("deflate").build(), paper1);
    }

    private static RunResult run(RunSettings settings, String source) {
        EngineRun run = new EngineRun(settings, PageSources.open(source, note -> { }));
        return run.run(new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), "", 1, false));
    }

    private static int occurrences(String text, String of) {
        Matcher m = Pattern.compile(Pattern.quote(of)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aRunIsOneSelfContainedPageWithInlineSvgCharts() {
        String html = HtmlReport.page("zswap run: <lz4> & co", Comparison.of(lz4));
        String lower = html.toLowerCase(Locale.ROOT);

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.strip().endsWith("</html>"));
        assertEquals(1, occurrences(lower, "<html"), "one document");
        assertFalse(lower.contains("http://") || lower.contains("https://") || lower.contains("//cdn"),
                "no network references");
        for (String external : List.of("<script", "<link", "<img", "<iframe", "src=", "@import", "url(")) {
            assertFalse(lower.contains(external), "no external resource: " + external);
        }
        // The ratio/throughput chart and a load and a store latency histogram.
        assertEquals(3, occurrences(lower, "<svg"));
        assertEquals(occurrences(lower, "<svg"), occurrences(lower, "</svg>"));
        assertTrue(html.contains("zswap run: &lt;lz4&gt; &amp; co"), "the title is escaped");
        assertTrue(html.contains(lz4.driver()));
        assertTrue(html.contains("p99 "), "percentiles marked on the histogram");
    }

    @Test
    void aComparisonShowsEveryDriverAndZramInTheTableAndTheChart() {
        ZramResult zram = new ZramResult("/dev/zram0", "lz4", lz4.pages(),
                ZramMmStat.parse("53248 30000 65536 0 65536 0 0 0"), new Throughput(53, 53, 40, 40, 5, 0, 77, 1.5), 0, null);
        Comparison c = new Comparison(lz4.source(), List.of(new Comparison.Round(List.of(lz4, deflate),
                List.of(new Comparison.KernelPair(zram, lz4)))), List.of(), List.of("deflate-iaa: no IAA device"),
                List.of());
        String html = HtmlReport.page("zswap compare", c);

        assertEquals(1 + 2 * 2, occurrences(html, "<svg"));
        for (String name : List.of(lz4.driver(), deflate.driver(), "kernel zram lz4")) {
            assertTrue(occurrences(html, name) >= 2, name + " in the table and the chart's legend");
        }
        assertTrue(html.contains("deflate-iaa: no IAA device"));
        assertTrue(html.contains("every page came back intact"));
    }

    @Test
    void aFailedVerificationIsShownAsSuch() {
        ZramResult broken = new ZramResult("/dev/zram0", "lz4", 1, ZramMmStat.parse("4096 100 8192 0 8192 0 0 0"),
                new Throughput(1, 1, 1, 1, 1, 0, 4, 2), 1, "page 0 differs");
        String html = HtmlReport.page("x", new Comparison("s", List.of(new Comparison.Round(List.of(lz4),
                List.of(new Comparison.KernelPair(broken, lz4)))), List.of(), List.of(), List.of()));
        assertTrue(html.contains("FAILED"));
        assertTrue(html.contains("<td class=\"bad\">NO</td>"));
    }
}
