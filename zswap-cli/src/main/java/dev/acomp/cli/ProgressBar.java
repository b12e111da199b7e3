package dev.acomp.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal, redrawn in place with {@code \r} at most once per percent, so
 * that updating it from a hot loop costs a comparison. A disabled bar draws nothing.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private long done;
    private int drawnPercent = -1;

    public ProgressBar(PrintStream err, String label, long total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled;
    }

    /** {@code units} more of the total are done. */
    public void advance(long units) {
        done = Math.min(total, done + units);
        if (enabled) {
            int percent = (int) (done * 100 / total);
            if (percent != drawnPercent) {
                draw(percent);
            }
        }
    }

    /** Clears the bar's line, leaving the terminal as it was. */
    public void finish() {
        if (enabled && drawnPercent >= 0) {
            err.print("\r" + " ".repeat(WIDTH + label.length() + 10) + "\r");
            err.flush();
        }
    }

    private void draw(int percent) {
        drawnPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%% ", percent)
                + label);
        err.flush();
    }
}
