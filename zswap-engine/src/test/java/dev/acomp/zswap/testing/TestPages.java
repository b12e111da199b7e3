package dev.acomp.zswap.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.acomp.testing.SharedData;
import dev.acomp.zswap.ZswapEngine;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** Test pages: the shared corpus and memory image, and synthetic pages that say what they are. */
public final class TestPages {
    public static final int PAGE = SharedData.PAGE_SIZE;
    private static List<byte[]> memoryImage;

    private TestPages() {
    }

    /** Every page of the 16 MiB memory image. */
    public static synchronized List<byte[]> memoryImage() {
        if (memoryImage == null) {
            memoryImage = SharedData.pages(SharedData.memoryImage(), PAGE, true);
        }
        return memoryImage;
    }

    /** A direct buffer holding {@code pages}, one after another. */
    public static ByteBuffer folio(List<byte[]> pages) {
        ByteBuffer b = ByteBuffer.allocateDirect(pages.size() * PAGE);
        for (byte[] p : pages) {
            b.put(p);
        }
        return b.flip();
    }

    public static byte[] random(long seed) {
        byte[] p = new byte[PAGE];
        new Random(seed).nextBytes(p);
        return p;
    }

    public static byte[] filled(long word) {
        ByteBuffer b = ByteBuffer.allocate(PAGE);
        while (b.hasRemaining()) {
            b.putLong(word);
        }
        return b.array();
    }

    public static byte[] bytes(ByteBuffer page) {
        byte[] out = new byte[PAGE];
        page.get(page.position(), out);
        return out;
    }

    /** Loads entries {@code first}, {@code first + 1}, ... and checks each against {@code expected}. */
    public static void assertLoads(ZswapEngine engine, long first, List<byte[]> expected) {
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        for (int k = 0; k < expected.size(); k++) {
            engine.load(first + k, page);
            assertArrayEquals(expected.get(k), bytes(page), "page " + k);
        }
    }
}
