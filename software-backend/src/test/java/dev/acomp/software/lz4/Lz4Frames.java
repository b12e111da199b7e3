package dev.acomp.software.lz4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4_Frame_format.md), just enough to carry one raw block to the lz4 CLI and to
 * take the one block out of a frame the CLI wrote.
 */
final class Lz4Frames {
    static final int MAGIC = 0x184D2204;
    /** Version 01, independent blocks; no checksums, content size or dictionary. */
    private static final int FLG = 0x60;
    /** Blocks of up to 4 MiB. */
    private static final int BD = 0x70;
    static final int MAX_BLOCK = 4 << 20;
    private static final int UNCOMPRESSED_BIT = 0x8000_0000;

    private Lz4Frames() {
    }

    /** A frame holding {@code block}, an LZ4 block of at most {@link #MAX_BLOCK} bytes of content. */
    static byte[] frame(byte[] block) {
        ByteBuffer b = ByteBuffer.allocate(4 + 3 + 4 + block.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put((byte) FLG).put((byte) BD);
        b.put(headerChecksum(b.array(), 4, 2));
        b.putInt(block.length).put(block).putInt(0);
        return b.array();
    }

    /** The header checksum: the second byte of XXH32 (seed 0) of the frame descriptor. */
    private static byte headerChecksum(byte[] bytes, int offset, int length) {
        return (byte) (XXHashFactory.fastestInstance().hash32().hash(bytes, offset, length, 0) >>> 8);
    }

    /** A frame's only block: compressed, or null when the CLI stored it uncompressed. */
    static byte[] onlyBlock(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(MAGIC, b.getInt(), "LZ4 frame magic");
        int flg = b.get() & 0xFF;
        b.get(); // BD
        if ((flg & 0x08) != 0) {
            b.getLong(); // content size
        }
        if ((flg & 0x01) != 0) {
            b.getInt(); // dictionary id
        }
        int descriptorEnd = b.position();
        assertEquals(headerChecksum(frame, 4, descriptorEnd - 4), b.get(), "LZ4 frame header checksum");
        int size = b.getInt();
        if (size == 0) {
            return new byte[0];
        }
        boolean stored = (size & UNCOMPRESSED_BIT) != 0;
        byte[] block = Arrays.copyOfRange(frame, b.position(), b.position() + (size & ~UNCOMPRESSED_BIT));
        b.position(b.position() + block.length + ((flg & 0x10) != 0 ? 4 : 0));
        assertEquals(0, b.getInt(), "expected the end mark after one block");
        assertTrue(b.remaining() == 0 || b.remaining() == 4, "bytes after the frame");
        return stored ? null : block;
    }
}
