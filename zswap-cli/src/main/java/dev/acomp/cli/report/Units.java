package dev.acomp.cli.report;

import java.util.Locale;

/** Number formats shared by the reports: one decimal convention (Locale.ROOT), times in microseconds. */
final class Units {
    private Units() {
    }

    static double micros(long nanos) {
        return nanos / 1e3;
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Microseconds with three significant digits or more: 0.412, 7.68, 549, 24118. */
    static String micros(double micros) {
        if (Double.isNaN(micros)) {
            return "-";
        }
        if (micros >= 100) {
            return fixed(micros, 0);
        }
        return fixed(micros, micros >= 10 ? 1 : micros >= 1 ? 2 : 3);
    }

    /** Bytes in binary units: 512 B, 4.0 KiB, 16.0 MiB. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return fixed(v, 1) + " " + units[u];
    }
}
