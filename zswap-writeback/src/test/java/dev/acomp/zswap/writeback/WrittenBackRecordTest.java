package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WrittenBackRecordTest {
    private static final byte[] PAYLOAD = "compressed bytes of a page".getBytes(StandardCharsets.US_ASCII);

    private static ByteBuffer encoded(boolean raw, short driver, int generation) {
        ByteBuffer record = ByteBuffer.allocate(64);
        int length = WrittenBackRecord.encode(record, raw, driver, generation, ByteBuffer.wrap(PAYLOAD));
        return record.limit(length);
    }

    @Test
    void headerAndPayloadRoundTrip() {
        ByteBuffer record = encoded(true, (short) 0x7ffe, 0x89ab_cdef);
        assertEquals(WrittenBackRecord.HEADER_BYTES + PAYLOAD.length, record.remaining());
        WrittenBackRecord header = new WrittenBackRecord().decode(record, PAYLOAD.length);
        assertTrue(header.raw());
        assertEquals((short) 0x7ffe, header.driverId());
        assertEquals(PAYLOAD.length, header.compressedLength());
        assertEquals(0x89ab_cdef, header.generation());
        byte[] payload = new byte[PAYLOAD.length];
        record.get(WrittenBackRecord.HEADER_BYTES, payload);
        assertArrayEquals(PAYLOAD, payload);
    }

    @Test
    void encodeAndDecodeLeavePositionsUnchanged() {
        ByteBuffer dst = ByteBuffer.allocate(100).position(7);
        ByteBuffer src = ByteBuffer.wrap(PAYLOAD).position(3);
        int length = WrittenBackRecord.encode(dst, false, (short) 1, 5, src);
        assertEquals(7, dst.position());
        assertEquals(100, dst.limit());
        assertEquals(3, src.position());
        dst.limit(7 + length);
        WrittenBackRecord header = new WrittenBackRecord().decode(dst, 4096);
        assertEquals(7, dst.position());
        assertEquals(PAYLOAD.length - 3, header.compressedLength());
        assertFalse(header.raw());
    }

    @Test
    void fieldsAreLittleEndianWhateverTheBufferOrder() {
        ByteBuffer big = encoded(false, (short) 0x0102, 0x01020304);
        ByteBuffer little = ByteBuffer.allocate(big.remaining()).order(ByteOrder.LITTLE_ENDIAN).put(big.duplicate()).flip();
        assertEquals(0x02, big.get(2));
        assertEquals(0x04, big.get(6));
        WrittenBackRecord header = new WrittenBackRecord().decode(little, 4096);
        assertEquals((short) 0x0102, header.driverId());
        assertEquals(0x01020304, header.generation());
    }

    @Test
    void badMagicIsCorrupt() {
        ByteBuffer record = encoded(false, (short) 1, 1);
        record.put(0, (byte) 0xC1);
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> new WrittenBackRecord().decode(record, 4096));
        assertTrue(e.getMessage().contains("0xc1"), e.getMessage());
    }

    @Test
    void unknownFlagsAreCorrupt() {
        ByteBuffer record = encoded(false, (short) 1, 1);
        record.put(1, (byte) 0x82);
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(record, 4096));
    }

    @Test
    void lengthBeyondTheMaximumIsCorrupt() {
        ByteBuffer record = encoded(false, (short) 1, 1);
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(record, PAYLOAD.length - 1));
    }

    @Test
    void lengthThatDoesNotFillTheRecordIsCorrupt() {
        ByteBuffer truncated = encoded(false, (short) 1, 1);
        truncated.limit(truncated.limit() - 1);
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(truncated, 4096));
        ByteBuffer longer = encoded(false, (short) 1, 1);
        longer.put(5, (byte) 0x80);
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(longer, 4096));
    }

    @Test
    void zeroedBytesAreNotARecord() {
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(ByteBuffer.allocate(64), 4096));
        assertThrows(CorruptRecordException.class, () -> new WrittenBackRecord().decode(ByteBuffer.allocate(10), 4096));
    }

    @Test
    void destinationTooSmallOrEmptyPayloadIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> WrittenBackRecord.encode(ByteBuffer.allocate(20), false,
                (short) 1, 1, ByteBuffer.wrap(PAYLOAD)));
        assertThrows(IllegalArgumentException.class, () -> WrittenBackRecord.encode(ByteBuffer.allocate(64), false,
                (short) 1, 1, ByteBuffer.allocate(0)));
    }

    @Test
    void driverIdsAreGivenFromOneAndResolveBack() {
        DriverIds ids = new DriverIds();
        short lz4 = ids.idOf("lz4-generic");
        short iaa = ids.idOf("deflate-iaa");
        assertEquals(1, lz4);
        assertEquals(2, iaa);
        assertEquals(lz4, ids.idOf("lz4-generic"));
        assertEquals("deflate-iaa", ids.driver(iaa));
        assertEquals(2, ids.size());
        assertThrows(IllegalArgumentException.class, () -> ids.driver((short) 0));
        assertThrows(IllegalArgumentException.class, () -> ids.driver((short) 3));
    }
}
