package dev.acomp.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The kit's inputs, read once per JVM from the data packed into the kit's jar at build time (the Calgary
 * and Canterbury corpora, and the first 4 MiB of a Python process's heap image), never changed.
 */
final class KitData {
    static final int PAGE = 4096;
    private static final String DATA = "data/";

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

    /** One resource of the kit's data; throws naming it when the jar lacks it. */
    private static byte[] resource(String name) {
        try (InputStream in = KitData.class.getResourceAsStream(DATA + name)) {
            if (in == null) {
                throw new IllegalStateException("the conformance kit's data " + DATA + name
                        + " is missing from its jar (dev.acomp:hw-tests)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> pages(byte[] all) {
        List<byte[]> pages = new ArrayList<>(all.length / PAGE + 1);
        for (int off = 0; off < all.length; off += PAGE) {
            pages.add(Arrays.copyOfRange(all, off, Math.min(all.length, off + PAGE)));
        }
        return pages;
    }

    /** Loaded on first use. */
    private static final class AllPages {
        private static final List<byte[]> MEMORY = pages(resource("memory.img"));
        static final byte[] MEMORY_PAGE = MEMORY.get(100);
        /** Every page of every corpus file (as listed in corpus.list), then of the memory image. */
        static final List<byte[]> PAGES;

        static {
            List<byte[]> all = new ArrayList<>();
            for (String file : new String(resource("corpus.list"), StandardCharsets.UTF_8).split("\n")) {
                if (!file.isBlank()) {
                    all.addAll(pages(resource("corpus/" + file.strip())));
                }
            }
            all.addAll(MEMORY);
            PAGES = List.copyOf(all);
        }
        static final byte[] BOOK1 = resource("corpus/calgary/book1");
    }
}
