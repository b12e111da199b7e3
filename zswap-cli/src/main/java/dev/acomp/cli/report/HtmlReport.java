package dev.acomp.cli.report;

import static dev.acomp.cli.report.Svg.escape;
import static dev.acomp.cli.report.Units.fixed;
import static dev.acomp.cli.report.Units.micros;
import static dev.acomp.zswap.ZswapCounter.BACKING_FILE_BYTES_WRITTEN;
import static dev.acomp.zswap.ZswapCounter.METADATA_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;

import dev.acomp.cli.run.LatencyHistogram;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramResult;

/**
 * The report as one self-contained HTML page: a summary table and inline SVG charts (ratio against
 * throughput per driver; latency histograms). No scripts, fonts, styles or images from anywhere else,
 * so it renders offline, attached to a ticket, years later.
 */
public final class HtmlReport {
    private static final String STYLE = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
            + "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:4px 8px;"
            + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
            + ".bad{color:#b00;font-weight:bold}.ok{color:#070}svg{display:block;margin:8px 0 24px}"
            + "svg text{font-family:sans-serif;font-size:12px;fill:#222}p.note{color:#555}";

    private HtmlReport() {
    }

    /** The page for {@code c}, headed {@code title}. */
    public static String page(String title, Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n<p>Pages from ").append(escape(c.source()))
                .append(". Verification: ").append(c.verified() ? "<span class=\"ok\">every page came back intact</span>"
                        : "<span class=\"bad\">FAILED</span>")
                .append(". MB = 10<sup>6</sup> bytes; latencies in microseconds.</p>\n");
        summary(sb, c);
        sb.append("<h2>Compression ratio against throughput</h2>\n").append(RatioThroughputChart.svg(c));
        sb.append("<h2>Latency</h2>\n");
        for (int i = 0; i < c.runs().size(); i++) {
            RunResult r = c.runs().get(i);
            String color = Svg.PALETTE[i % Svg.PALETTE.length];
            sb.append(LatencyChart.svg(c.label(r) + ": load latency (" + r.access().label() + ")", r.loadLatency(),
                    color));
            sb.append(LatencyChart.svg(c.label(r) + ": store latency per page", r.storeLatency(), color));
        }
        for (String f : c.failures()) {
            sb.append("<p class=\"bad\">Failed: ").append(escape(f)).append("</p>\n");
        }
        for (String s : c.skipped()) {
            sb.append("<p class=\"note\">Skipped (not available here): ").append(escape(s)).append("</p>\n");
        }
        for (String z : c.zramSkipped()) {
            sb.append("<p class=\"note\">Kernel zram skipped: ").append(escape(z)).append("</p>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static void summary(StringBuilder sb, Comparison c) {
        sb.append("<h2>Summary</h2>\n<table>\n<tr><th>driver</th><th>pages</th><th>same-filled</th><th>ratio</th>"
                + "<th>effective ratio</th><th>pool bytes</th><th>metadata bytes</th><th>store MB/s</th>"
                + "<th>load MB/s</th><th>store CPU us/page</th><th>load CPU us/page</th><th>cold store MB/s</th>"
                + "<th>cold load MB/s</th><th>load p50</th>"
                + "<th>load p99</th><th>load p999</th><th>rejected pages</th>"
                + "<th>written back</th><th>backing bytes written</th><th>verified</th></tr>\n");
        for (RunResult r : c.runs()) {
            LatencyHistogram l = r.loadLatency();
            row(sb, c.label(r), r.pages(), r.stored().get(SAME_FILLED_PAGES), fixed(r.compressionRatio(), 3),
                    fixed(r.effectiveRatio(), 3), r.stored().get(POOL_TOTAL_SIZE), r.stored().get(METADATA_BYTES),
                    fixed(r.storeMBps(), 1), fixed(r.loadMBps(), 1), micros(r.speeds().storeCpuMicros()),
                    micros(r.speeds().loadCpuMicros()), fixed(r.speeds().coldStoreMBps(), 1),
                    fixed(r.speeds().coldLoadMBps(), 1), micros(micros(l.percentile(50))),
                    micros(micros(l.percentile(99))), micros(micros(l.percentile(99.9))), r.rejectedPages(),
                    r.atEnd().get(WRITTEN_BACK_PAGES), r.atEnd().get(BACKING_FILE_BYTES_WRITTEN), r.verified());
        }
        for (ZramResult z : c.zram()) {
            row(sb, c.label(z), z.pages(), z.mmStat().samePages(), fixed(z.compressionRatio(), 3),
                    fixed(z.effectiveRatio(), 3), z.mmStat().memUsedTotal(), "-", fixed(z.writeMBps(), 1),
                    fixed(z.readMBps(), 1), micros(z.speeds().storeCpuMicros()), micros(z.speeds().loadCpuMicros()),
                    fixed(z.speeds().coldStoreMBps(), 1), fixed(z.speeds().coldLoadMBps(), 1),
                    "-", "-", "-", "-", "-", "-", z.verified());
        }
        sb.append("</table>\n");
        for (Comparison.KernelRatios k : c.againstKernel()) {
            sb.append("<p>").append(escape(TextReport.againstKernel(k, c.rounds().size()))).append("</p>\n");
        }
        if (!c.zram().isEmpty()) {
            sb.append("<p class=\"note\">Kernel zram: pool bytes are mm_stat's mem_used_total (the"
                    + " allocator's pages, fragmentation included; zram's slot table is not counted);"
                    + " store and load are direct-I/O writes and reads of /dev/zram0.</p>\n");
        }
        sb.append("<p class=\"note\">Store and load MB/s are the steady state: the median of the timed passes"
                + " after a warm-up that lasts until the JIT is quiet; cold is the first pass, into an empty"
                + " pool. CPU per page: " + escape(TextReport.CPU_NOTE) + ".</p>\n");
    }

    private static void row(StringBuilder sb, Object... cells) {
        sb.append("<tr>");
        for (Object cell : cells) {
            if (cell instanceof Boolean ok) {
                sb.append(ok ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">NO</td>");
            } else {
                sb.append("<td>").append(escape(String.valueOf(cell))).append("</td>");
            }
        }
        sb.append("</tr>\n");
    }
}
