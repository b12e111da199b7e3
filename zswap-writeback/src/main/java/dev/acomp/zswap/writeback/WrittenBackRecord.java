package dev.acomp.zswap.writeback;

import java.nio.ByteBuffer;

/**
 * The plain form of one written-back page: a 16-byte header, then the page's compressed bytes as its
 * driver made them (or the page itself when it was stored raw, zram's ZRAM_HUGE). On the file it is
 * sealed ({@link RecordProtection}): the header is authenticated, the payload encrypted or checksummed,
 * and a trailer follows.
 *
 * <pre>
 *  0  magic and version (0xC2)      1  flags (bit 0: raw; others 0)
 *  2  driver id (u16, {@link DriverIds})
 *  4  compressed length (u16)       6  generation (u32): the entry's, checked on read
 * 10  write counter (u48): set by the backing file when it seals the record, unique per write (the nonce)
 * </pre>
 * Multi-byte fields are little-endian whatever the buffers' byte order.
 *
 * <p>{@link #encode} is static; an instance is a reusable header that {@link #decode} fills, so neither
 * allocates.
 */
public final class WrittenBackRecord {
    public static final int HEADER_BYTES = 16;
    /** Magic in the high nibble, format version 2 in the low one. */
    public static final byte MAGIC_V2 = (byte) 0xC2;
    /** The longest payload the u16 length field holds. */
    public static final int MAX_PAYLOAD = 0xffff;
    /** Where the write counter is: the nonce's unique part, written when the record is sealed. */
    static final int WRITE_COUNTER_OFFSET = 10;
    /** Write counters are 48 bits. */
    static final long MAX_WRITE_COUNTER = (1L << 48) - 1;
    private static final int FLAG_RAW = 1;

    private boolean raw;
    private short driverId;
    private int compressedLength;
    private int generation;

    /** Bytes of the plain record of a payload of {@code compressedLength} bytes (unsealed). */
    public static int recordLength(int compressedLength) {
        return HEADER_BYTES + compressedLength;
    }

    /**
     * Writes the record of {@code compressed} (position to limit) into {@code dst} at its position and
     * returns the record's length. Positions and limits of both buffers are unchanged.
     */
    public static int encode(ByteBuffer dst, boolean raw, short driverId, int generation, ByteBuffer compressed) {
        int length = compressed.remaining();
        if (length == 0 || length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + length + " bytes, not 1.." + MAX_PAYLOAD);
        }
        int recordLength = recordLength(length);
        if (dst.remaining() < recordLength) {
            throw new IllegalArgumentException("destination has " + dst.remaining() + " bytes for a record of "
                    + recordLength);
        }
        int at = dst.position();
        dst.put(at, MAGIC_V2);
        dst.put(at + 1, (byte) (raw ? FLAG_RAW : 0));
        putLE(dst, at + 2, 2, driverId);
        putLE(dst, at + 4, 2, length);
        putLE(dst, at + 6, 4, generation);
        putLE(dst, at + WRITE_COUNTER_OFFSET, 6, 0);
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
        if (magic != MAGIC_V2) {
            throw new CorruptRecordException(String.format("bad record magic/version 0x%02x, expected 0x%02x",
                    magic & 0xff, MAGIC_V2 & 0xff));
        }
        int flags = record.get(at + 1) & 0xff;
        if ((flags & ~FLAG_RAW) != 0) {
            throw new CorruptRecordException(String.format("unknown record flags 0x%02x", flags));
        }
        int length = (int) getLE(record, at + 4, 2);
        if (length < 1 || length > maxCompressedLength || recordLength(length) != available) {
            throw new CorruptRecordException("compressed length " + length + " out of range: record of " + available + " bytes, at most " + maxCompressedLength
                    + " compressed");
        }
        this.raw = flags == FLAG_RAW;
        this.driverId = (short) getLE(record, at + 2, 2);
        this.compressedLength = length;
        this.generation = (int) getLE(record, at + 6, 4);
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

    public int generation() {
        return generation;
    }

    /** The write counter of the record whose header starts at {@code at}. */
    static long writeCounter(ByteBuffer record, int at) {
        return getLE(record, at + WRITE_COUNTER_OFFSET, 6);
    }

    /** Sets the write counter of the record whose header starts at {@code at}. */
    static void putWriteCounter(ByteBuffer record, int at, long counter) {
        putLE(record, at + WRITE_COUNTER_OFFSET, 6, counter);
    }

    private static void putLE(ByteBuffer b, int at, int bytes, long v) {
        for (int i = 0; i < bytes; i++) {
            b.put(at + i, (byte) (v >>> (8 * i)));
        }
    }

    private static long getLE(ByteBuffer b, int at, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
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
