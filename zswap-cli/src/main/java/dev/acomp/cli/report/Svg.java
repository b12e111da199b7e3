package dev.acomp.cli.report;

import java.util.Locale;

/** A small SVG writer for the HTML report's charts: inline, no scripts, no external resources. */
final class Svg {
    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
        "#17becf"};

    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height, String title) {
        // Inline in HTML5, an svg element needs no namespace declaration: the page names no URL at all.
        sb.append("<svg width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\"><title>").append(escape(title)).append("</title>\n");
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
                x1, y1, x2, y2, stroke, extra));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                x, y, w, h, fill));
        return tooltip(tooltip).raw("</rect>\n");
    }

    Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">", cx, cy, r,
                fill));
        return tooltip(tooltip).raw("</circle>\n");
    }

    Svg text(double x, double y, String anchor, String text) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor))
                .append(escape(text)).append("</text>\n");
        return this;
    }

    /** Text turned to run upwards, for a y axis label. */
    Svg verticalText(double x, double y, String text) {
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">", x, y, x, y))
                .append(escape(text)).append("</text>\n");
        return this;
    }

    String end() {
        return sb.append("</svg>\n").toString();
    }

    private Svg tooltip(String tooltip) {
        if (tooltip != null) {
            sb.append("<title>").append(escape(tooltip)).append("</title>");
        }
        return this;
    }

    private Svg raw(String s) {
        sb.append(s);
        return this;
    }

    /** Text safe inside an element or a quoted attribute. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** About {@code count} round tick values from 0 to at least {@code max}: steps of 1, 2 or 5 times 10^k. */
    static double tickStep(double max, int count) {
        double raw = Math.max(max, 1e-9) / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }
}
