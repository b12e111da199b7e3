package dev.acomp.zswap.writeback;

import java.nio.ByteBuffer;

/**
 * The on-file form of one written-back page: a 16-byte header, then the page's compressed bytes as its
 * driver made them (or the page itself when it was stored raw, zram's ZRAM_HUGE).
 *
 * <pre>
 *  0  magic and version (0xC1)      1  flags (bit 0: raw; others 0)
 *  2  driver id (u16, {@link DriverIds})
 *  4  compressed length (u32)       8  generation (u64): the entry's, checked on read
 * </pre>
 * Multi-byte fields are little-endian whatever the buffers' byte order.
 *
 * <p>{@link #encode} is static; an instance is a reusable header that {@link #decode} fills, so neither
 * allocates.
 */
public final class WrittenBackRecord {
    public static final int HEADER_BYTES = 16;
    /** Magic in the high nibble, format version 1 in the low one. */
    public static final byte MAGIC_V1 = (byte) 0xC1;
    private static final int FLAG_RAW = 1;

    private boolean raw;
    private short driverId;
    private int compressedLength;
    private long generation;

    /** Bytes of the record of a payload of {@code compressedLength} bytes. */
    public static int recordLength(int compressedLength) {
        return HEADER_BYTES + compressedLength;
    }

    /**
     * Writes the record of {@code compressed} (position to limit) into {@code dst} at its position and
     * returns the record's length. Positions and limits of both buffers are unchanged.
     */
    public static int encode(ByteBuffer dst, boolean raw, short driverId, long generation, ByteBuffer compressed) {
        int length = compressed.remaining();
        if (length == 0) {
            throw new IllegalArgumentException("empty payload");
        }
        int recordLength = recordLength(length);
        if (dst.remaining() < recordLength) {
            throw new IllegalArgumentException("destination has " + dst.remaining() + " bytes for a record of "
                    + recordLength);
        }
        int at = dst.position();
        dst.put(at, MAGIC_V1);
        dst.put(at + 1, (byte) (raw ? FLAG_RAW : 0));
        putShortLE(dst, at + 2, driverId);
        putIntLE(dst, at + 4, length);
        putLongLE(dst, at + 8, generation);
        dst.put(at + HEADER_BYTES, compressed, compressed.position(), length);
        return recordLength;
    }

    /**
     * Reads and checks the header of the record that fills {@code record} from position to limit (left
     * unchanged): the payload follows at {@code position + HEADER_BYTES}. Throws
     * {@link CorruptRecordException} on a bad magic, unknown flags, or a compressed length that is not
     * 1..{@code maxCompressedLength} or does not fill the record.
     */
    public WrittenBackRecord decode(ByteBuffer record, int maxCompressedLength) {
        int at = record.position();
        int available = record.remaining();
        if (available < HEADER_BYTES + 1) {
            throw new CorruptRecordException("record of " + available + " bytes is shorter than its header");
        }
        byte magic = record.get(at);
        if (magic != MAGIC_V1) {
            throw new CorruptRecordException(String.format("bad record magic/version 0x%02x, expected 0x%02x",
                    magic & 0xff, MAGIC_V1 & 0xff));
        }
        int flags = record.get(at + 1) & 0xff;
        if ((flags & ~FLAG_RAW) != 0) {
            throw new CorruptRecordException(String.format("unknown record flags 0x%02x", flags));
        }
        int length = getIntLE(record, at + 4);
        if (length < 1 || length > maxCompressedLength || recordLength(length) != available) {
            throw new CorruptRecordException("compressed length " + Integer.toUnsignedString(length)
                    + " out of range: record of " + available + " bytes, at most " + maxCompressedLength
                    + " compressed");
        }
        this.raw = flags == FLAG_RAW;
        this.driverId = (short) ((record.get(at + 2) & 0xff) | (record.get(at + 3) & 0xff) << 8);
        this.compressedLength = length;
        this.generation = getLongLE(record, at + 8);
        return this;
    }

    /** The page was stored uncompressed. */
    public boolean raw() {
        return raw;
    }

    public short driverId() {
        return driverId;
    }

    public int compressedLength() {
        return compressedLength;
    }

    public long generation() {
        return generation;
    }

    private static void putShortLE(ByteBuffer b, int at, short v) {
        b.put(at, (byte) v);
        b.put(at + 1, (byte) (v >>> 8));
    }

    private static void putIntLE(ByteBuffer b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b.put(at + i, (byte) (v >>> (8 * i)));
        }
    }

    private static void putLongLE(ByteBuffer b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b.put(at + i, (byte) (v >>> (8 * i)));
        }
    }

    private static int getIntLE(ByteBuffer b, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (b.get(at + i) & 0xff) << (8 * i);
        }
        return v;
    }

    private static long getLongLE(ByteBuffer b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b.get(at + i) & 0xffL) << (8 * i);
        }
        return v;
    }

    @Override
    public String toString() {
        return "WrittenBackRecord[" + (raw ? "raw, " : "") + "driver " + driverId + ", " + compressedLength
                + " bytes, generation " + generation + "]";
    }
}
