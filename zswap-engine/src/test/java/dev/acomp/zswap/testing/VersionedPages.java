package dev.acomp.zswap.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Pages that say which entry and which store made them: the first 16 bytes hold the entry and a version,
 * the rest is a memory-image page picked by both. A load racing with stores can then be checked byte for
 * byte whichever store it saw.
 */
public final class VersionedPages {
    private VersionedPages() {
    }

    public static byte[] page(long entry, long version) {
        List<byte[]> image = TestPages.memoryImage();
        byte[] p = image.get(Math.floorMod(entry * 31 + version * 7, image.size())).clone();
        ByteBuffer.wrap(p).putLong(0, entry).putLong(8, version);
        return p;
    }

    /** Asserts {@code loaded} is exactly a page some store made for {@code entry}. */
    public static void assertPageOf(long entry, byte[] loaded) {
        ByteBuffer header = ByteBuffer.wrap(loaded);
        assertEquals(entry, header.getLong(0), "a page of another entry");
        assertArrayEquals(page(entry, header.getLong(8)), loaded, "entry " + entry);
    }
}
