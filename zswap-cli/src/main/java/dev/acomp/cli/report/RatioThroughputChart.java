package dev.acomp.cli.report;

import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Compression ratio against throughput as SVG, one colour per driver: a circle at its load MB/s and a
 * square at its store MB/s, both at its compression ratio. The kernel's zram, where measured, likewise
 * (read and write MB/s). Up and to the right is better.
 */
final class RatioThroughputChart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private RatioThroughputChart() {
    }

    /** One series: a name, its ratio, and its store (write) and load (read) speeds. */
    private record Series(String name, double ratio, double storeMBps, double loadMBps) {
    }

    static String svg(Comparison c) {
        List<Series> series = new ArrayList<>();
        for (RunResult r : c.runs()) {
            series.add(new Series(c.label(r), r.compressionRatio(), r.storeMBps(), r.loadMBps()));
        }
        for (ZramResult z : c.zram()) {
            series.add(new Series(c.label(z), z.compressionRatio(), z.writeMBps(), z.readMBps()));
        }
        String title = "Compression ratio against throughput";
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, 18, "middle", title);
        double maxX = 1;
        double maxY = 1;
        for (Series s : series) {
            maxX = Math.max(maxX, Math.max(s.storeMBps(), s.loadMBps()));
            maxY = Math.max(maxY, s.ratio());
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double stepX = Svg.tickStep(maxX, 6);
        double topX = Math.ceil(maxX * 1.05 / stepX) * stepX;
        double stepY = Svg.tickStep(maxY, 5);
        double topY = Math.ceil(maxY * 1.05 / stepY) * stepY;
        for (double t = 0; t <= topX + 1e-9; t += stepX) {
            double x = LEFT + t / topX * plotW;
            svg.line(x, TOP, x, TOP + plotH, "#eee", "");
            svg.text(x, TOP + plotH + 18, "middle", Units.fixed(t, stepX < 1 ? 1 : 0));
        }
        for (double t = 0; t <= topY + 1e-9; t += stepY) {
            double y = TOP + plotH - t / topY * plotH;
            svg.line(LEFT, y, LEFT + plotW, y, "#eee", "");
            svg.text(LEFT - 6, y + 4, "end", Units.fixed(t, stepY < 1 ? 1 : 0));
        }
        svg.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#444", "");
        svg.line(LEFT, TOP, LEFT, TOP + plotH, "#444", "");
        svg.text(LEFT + plotW / 2, HEIGHT - 8, "middle", "throughput, MB/s (circle: load or read; square: store or write)");
        svg.verticalText(18, TOP + plotH / 2, "compression ratio");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = Svg.PALETTE[i % Svg.PALETTE.length];
            double y = TOP + plotH - s.ratio() / topY * plotH;
            double xLoad = LEFT + s.loadMBps() / topX * plotW;
            double xStore = LEFT + s.storeMBps() / topX * plotW;
            svg.line(xStore, y, xLoad, y, color, "stroke-width=\"1\"");
            svg.circle(xLoad, y, 6, color, s.name() + ": ratio " + Units.fixed(s.ratio(), 3) + ", load "
                    + Units.fixed(s.loadMBps(), 1) + " MB/s");
            svg.rect(xStore - 5, y - 5, 10, 10, color, s.name() + ": ratio " + Units.fixed(s.ratio(), 3)
                    + ", store " + Units.fixed(s.storeMBps(), 1) + " MB/s");
            double ly = TOP + 10 + 18 * i;
            svg.rect(WIDTH - RIGHT + 20, ly - 9, 10, 10, color, null);
            svg.text(WIDTH - RIGHT + 36, ly, "start", s.name());
        }
        return svg.end();
    }
}
