package dev.acomp.cli.soak;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The soak's pages, made again from (entry, version) whenever a load is checked, so the model keeps a
 * version per entry instead of a copy of every page: one in eight is same-filled, one in eight random
 * (stored raw, a huge page), the rest words from a small vocabulary with runs of zeros, which compress
 * about as well as heap pages do.
 */
final class SoakPages {
    static final int PAGE_SIZE = 4096;
    private static final String[] WORDS = ("session token customer order id amount currency status pending"
            + " shipped null true false user name email address java.lang.String hash map node entry key value"
            + " next prev size count 0 1 2 42 1024 4096 http https api v1 v2 json xml").split(" ");

    private SoakPages() {
    }

    /** Writes the page of {@code entry} at {@code version} into {@code page} from its position (unchanged). */
    static void fill(ByteBuffer page, long entry, int version) {
        SplittableRandom random = new SplittableRandom(entry * 0x9E3779B97F4A7C15L + version);
        int base = page.position();
        int kind = random.nextInt(8);
        if (kind == 0) {
            long word = random.nextInt(4) == 0 ? 0 : random.nextLong();
            for (int p = 0; p < PAGE_SIZE; p += 8) {
                page.putLong(base + p, word);
            }
        } else if (kind == 1) {
            for (int p = 0; p < PAGE_SIZE; p += 8) {
                page.putLong(base + p, random.nextLong());
            }
        } else {
            int p = 0;
            while (p < PAGE_SIZE) {
                if (random.nextInt(16) == 0) {
                    int zeros = Math.min(PAGE_SIZE - p, 8 + random.nextInt(120));
                    for (int z = 0; z < zeros; z++) {
                        page.put(base + p++, (byte) 0);
                    }
                    continue;
                }
                String w = WORDS[random.nextInt(WORDS.length)];
                for (int c = 0; c < w.length() && p < PAGE_SIZE; c++) {
                    page.put(base + p++, (byte) w.charAt(c));
                }
                if (p < PAGE_SIZE) {
                    page.put(base + p++, (byte) ' ');
                }
            }
        }
    }

    /** Whether {@code page} (from its position) holds the page of {@code entry} at {@code version}. */
    static boolean matches(ByteBuffer page, ByteBuffer scratch, long entry, int version) {
        fill(scratch.clear(), entry, version);
        return page.duplicate().limit(page.position() + PAGE_SIZE).mismatch(scratch.limit(PAGE_SIZE)) < 0;
    }
}
