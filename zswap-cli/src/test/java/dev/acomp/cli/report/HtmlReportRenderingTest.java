package dev.acomp.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report in headless Chromium, offline, and looks at the screenshot: the charts' bars and
 * points must be there in their colours. Skipped where no Chromium is installed (Debian: apt-get install
 * chromium).
 */
class HtmlReportRenderingTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 1600;
    /** Svg.PALETTE[0], the first driver's colour: bars of the latency histograms, points of the scatter. */
    private static final int FIRST_DRIVER_RGB = 0x1f77b4;

    private static Optional<Path> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void rendersOfflineWithItsCharts(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "no chromium installed");
        String paper1 = SharedData.corpusFiles().stream().filter(p -> p.endsWith("calgary/paper1")).findFirst()
                .orElseThrow().toString();
        EngineRun run = new EngineRun(RunSettings.builder(AcompRegistry.load()).build(),
                PageSources.open(paper1, note -> { }));
        RunResult result = run.run(new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), "", 1, false));
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.page("zswap run", Comparison.of(result)), StandardCharsets.UTF_8);
        Path png = dir.resolve("report.png");

        Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")), "--screenshot=" + png,
                "--window-size=" + WIDTH + "," + HEIGHT, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.exists(png), "no screenshot; chromium said: " + Files.readString(dir.resolve("chromium.log")));

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        long chartPixels = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == FIRST_DRIVER_RGB) {
                    chartPixels++;
                }
            }
        }
        // Bars of two histograms and the scatter's marks: thousands of pixels, where a page whose SVG did
        // not render has none.
        assertTrue(chartPixels > 2000, "pixels in the chart colour: " + chartPixels);
    }
}
