package dev.acomp.cli.report;

import dev.acomp.cli.run.LatencyHistogram;
import java.util.Locale;

/**
 * A latency histogram as SVG: bars over a logarithmic time axis, four per power of two, each the share
 * of the operations that took that long, with the p50, p99 and p999 marked.
 */
final class LatencyChart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    private static final int BINS_PER_OCTAVE = 4;

    private LatencyChart() {
    }

    static String svg(String title, LatencyHistogram h, String color) {
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(WIDTH / 2.0, 18, "middle", title);
        if (h.count() == 0) {
            return svg.text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no operations timed").end();
        }
        int lowBin = bin(Math.max(1, h.min()));
        int highBin = bin(Math.max(1, h.max()));
        long[] counts = new long[highBin - lowBin + 1];
        for (int i = 0; i < h.bucketCount(); i++) {
            long c = h.bucketCount(i);
            if (c > 0) {
                int b = Math.min(highBin, Math.max(lowBin, bin(Math.max(1, h.lowestOf(i)))));
                counts[b - lowBin] += c;
            }
        }
        long most = 1;
        for (long c : counts) {
            most = Math.max(most, c);
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double barW = plotW / counts.length;
        double maxShare = (double) most / h.count();
        double step = Svg.tickStep(maxShare * 100, 4);
        double top = Math.ceil(maxShare * 100 / step) * step;
        for (double t = 0; t <= top + 1e-9; t += step) {
            double y = TOP + plotH - t / top * plotH;
            svg.line(LEFT, y, LEFT + plotW, y, "#ddd", "");
            svg.text(LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%s%%", Units.fixed(t, t < 1 ? 1 : 0)));
        }
        for (int b = 0; b < counts.length; b++) {
            double share = (double) counts[b] / h.count() * 100;
            double barH = share / top * plotH;
            long from = lowNanos(b + lowBin);
            svg.rect(LEFT + b * barW + 0.5, TOP + plotH - barH, Math.max(1, barW - 1), barH, color,
                    Units.micros(Units.micros(from)) + " us and up: " + counts[b] + " (" + Units.fixed(share, 2) + "%)");
        }
        for (int b = 0; b <= counts.length; b++) {
            if ((b + lowBin) % BINS_PER_OCTAVE == 0) {
                double x = LEFT + b * barW;
                svg.line(x, TOP + plotH, x, TOP + plotH + 5, "#444", "");
                svg.text(x, TOP + plotH + 18, "middle", Units.micros(Units.micros(lowNanos(b + lowBin))));
            }
        }
        svg.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#444", "");
        svg.text(LEFT + plotW / 2, HEIGHT - 8, "middle", "latency, microseconds (log scale); " + h.count()
                + " operations");
        svg.verticalText(16, TOP + plotH / 2, "share of operations");
        mark(svg, "p50", h.percentile(50), lowBin, barW, 0);
        mark(svg, "p99", h.percentile(99), lowBin, barW, 1);
        mark(svg, "p999", h.percentile(99.9), lowBin, barW, 2);
        return svg.end();
    }

    /** A dashed line at {@code nanos}; labels are stacked by {@code row} so that close ones stay readable. */
    private static void mark(Svg svg, String name, long nanos, int lowBin, double barW, int row) {
        double bins = BINS_PER_OCTAVE * Math.log(Math.max(1, nanos)) / Math.log(2) - lowBin;
        double x = Math.min(WIDTH - RIGHT, LEFT + Math.max(0, bins) * barW);
        svg.line(x, TOP, x, HEIGHT - BOTTOM, "#000", "stroke-dasharray=\"4 3\"");
        boolean right = x > WIDTH - 200;
        svg.text(right ? x - 3 : x + 3, TOP + 12 + 14 * row, right ? "end" : "start",
                name + " " + Units.micros(Units.micros(nanos)) + " us");
    }

    private static int bin(long nanos) {
        return (int) Math.floor(BINS_PER_OCTAVE * Math.log(nanos) / Math.log(2));
    }

    private static long lowNanos(int bin) {
        return Math.round(Math.pow(2, (double) bin / BINS_PER_OCTAVE));
    }
}
