package dev.acomp.conformance;

import dev.acomp.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The kit's inputs, made from {@link SharedData} once per JVM and never changed. */
final class KitData {
    static final int PAGE = SharedData.PAGE_SIZE;

    private KitData() {
    }

    /** Every 4 KiB page of every corpus file and of the memory image, last pages short. */
    static List<byte[]> allPages() {
        return AllPages.PAGES;
    }

    /** Every {@code step}-th page of {@link #allPages()}, from {@code first}. */
    static List<byte[]> samplePages(int first, int step) {
        List<byte[]> out = new ArrayList<>();
        for (int i = first; i < AllPages.PAGES.size(); i += step) {
            out.add(AllPages.PAGES.get(i));
        }
        return out;
    }

    /** A page of the memory image (mixed pointers, small integers and strings). */
    static byte[] memoryPage() {
        return AllPages.MEMORY_PAGE;
    }

    /** {@code length} bytes of English text (Calgary book1, repeated as needed). */
    static byte[] text(int length) {
        byte[] t = AllPages.BOOK1;
        byte[] out = new byte[length];
        for (int off = 0; off < length; off += t.length) {
            System.arraycopy(t, 0, out, off, Math.min(t.length, length - off));
        }
        return out;
    }

    /** Incompressible bytes from a seeded generator. */
    static byte[] random(long seed, int length) {
        byte[] out = new byte[length];
        new Random(seed).nextBytes(out);
        return out;
    }

    static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    /** Sizes 1..64 and 4090..4096 in full, a stride through the rest, and the powers of two. */
    static List<Integer> unitSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int n = 1; n <= PAGE; n++) {
            if (n <= 64 || n >= PAGE - 6 || n % 61 == 0 || Integer.bitCount(n) == 1) {
                sizes.add(n);
            }
        }
        return sizes;
    }

    /** Loaded on first use: the memory image alone is 16 MiB. */
    private static final class AllPages {
        private static final List<byte[]> MEMORY = SharedData.pages(SharedData.memoryImage(), PAGE, false);
        static final byte[] MEMORY_PAGE = MEMORY.get(100);
        /** As {@link SharedData#allPages}, reusing the memory image's pages read above. */
        static final List<byte[]> PAGES;

        static {
            List<byte[]> all = SharedData.corpusPages(PAGE, false);
            all.addAll(MEMORY);
            PAGES = List.copyOf(all);
        }
        static final byte[] BOOK1 = SharedData.read(SharedData.root().resolve("data/corpus/calgary/book1"));
    }
}
