package dev.acomp.cli.run;

import java.util.Locale;

/**
 * The most bytes the compressed pool may hold: a size ({@code 4M}, {@code 512K}, {@code 1G},
 * {@code 65536}; binary units) or a share of the data stored ({@code 25%}).
 *
 * @param bytes the size, or 0 when given as a percentage
 * @param percent the share of the data, 1..100, or 0 when given as a size
 */
public record PoolLimit(long bytes, int percent) {

    public PoolLimit {
        if ((bytes > 0) == (percent > 0) || bytes < 0 || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a pool limit is a positive size or a percentage 1..100");
        }
    }

    /** Parses {@code 4M}, {@code 25%} and the like; the message of the exception names the bad value. */
    public static PoolLimit parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                int percent = Integer.parseInt(t.substring(0, t.length() - 1));
                if (percent >= 1 && percent <= 100) {
                    return new PoolLimit(0, percent);
                }
            } else {
                int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                    case 'K' -> 10;
                    case 'M' -> 20;
                    case 'G' -> 30;
                    default -> 0;
                };
                long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
                if (n > 0 && n <= Long.MAX_VALUE >> (shift + 3)) {
                    return new PoolLimit(n << shift, 0);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("pool limit must be a size such as 4M, 512K, 1G or 65536, or a share"
                + " of the data such as 25%, not '" + text + "'");
    }

    /** The limit in bytes for {@code dataBytes} of data, at least one page. */
    public long bytesFor(long dataBytes) {
        long limit = bytes > 0 ? bytes : dataBytes / 100 * percent + dataBytes % 100 * percent / 100;
        return Math.max(PageSnapshot.PAGE_SIZE, limit);
    }

    @Override
    public String toString() {
        return bytes > 0 ? bytes + " bytes" : percent + "% of the data";
    }
}
