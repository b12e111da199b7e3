package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every record sealed on the file fails its check when any byte of it changes on the file, or it moves. */
class RecordSealTest {
    private static final byte[] SECRET = "customer-token=0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private BackingFile file(RecordProtection protection) {
        return BackingFile.create(BackingFileConfig.builder(dir.resolve("wb.img")).protection(protection)
                .deleteOnClose(false).build());
    }

    private static ByteBuffer plain(int payloadLength, int generation) {
        byte[] payload = new byte[payloadLength];
        new Random(generation).nextBytes(payload);
        System.arraycopy(SECRET, 0, payload, 0, Math.min(SECRET.length, payloadLength));
        ByteBuffer record = ByteBuffer.allocate(WrittenBackRecord.recordLength(payloadLength));
        return record.limit(WrittenBackRecord.encode(record, false, (short) 1, generation, ByteBuffer.wrap(payload)));
    }

    /** A plain record's bytes with the write counter, which the file sets when it seals, at 0. */
    private static byte[] withoutWriteCounter(ByteBuffer plain) {
        byte[] a = new byte[plain.remaining()];
        plain.duplicate().get(a);
        Arrays.fill(a, WrittenBackRecord.WRITE_COUNTER_OFFSET, WrittenBackRecord.HEADER_BYTES, (byte) 0);
        return a;
    }

    private static ByteBuffer readSealed(BackingFile file, long slot, int length) {
        ByteBuffer sealed = ByteBuffer.allocateDirect(length);
        file.read(slot, length, sealed);
        return sealed;
    }

    private static void patch(Path path, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static byte[] bytesAt(Path path, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.read(b, offset);
        }
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(RecordProtection.class)
    void everyBitOfARecordIsChecked(RecordProtection protection) throws IOException {
        try (BackingFile file = file(protection)) {
            ByteBuffer plain = plain(300, 7);
            long slot = file.write(plain);
            int length = file.recordLength(plain.remaining());
            assertEquals(plain.remaining() + protection.trailerBytes(), length);
            ByteBuffer out = ByteBuffer.allocateDirect(length);
            assertArrayEquals(withoutWriteCounter(plain), withoutWriteCounter(file.unseal(slot,
                    readSealed(file, slot, length), out)));
            long offset = slot * file.sectorSize();
            for (int at = 0; at < length; at++) {
                for (int bit = 0; bit < 8; bit += 3) {
                    byte[] original = bytesAt(file.path(), offset + at, 1);
                    patch(file.path(), offset + at, new byte[] {(byte) (original[0] ^ (1 << bit))});
                    ByteBuffer sealed = readSealed(file, slot, length);
                    assertThrows(CorruptRecordException.class, () -> file.unseal(slot, sealed, out),
                            "bit " + bit + " of byte " + at + " flipped");
                    patch(file.path(), offset + at, original);
                }
            }
            file.unseal(slot, readSealed(file, slot, length), out);
        }
    }

    @ParameterizedTest
    @EnumSource(RecordProtection.class)
    void zeroedOrSwappedRecordsFailTheirCheck(RecordProtection protection) throws IOException {
        try (BackingFile file = file(protection)) {
            ByteBuffer a = plain(200, 1);
            ByteBuffer b = plain(200, 1);
            long slotA = file.write(a);
            long slotB = file.write(b);
            int length = file.recordLength(a.remaining());
            // The same generation and length: only the slot tells them apart.
            byte[] recordB = bytesAt(file.path(), slotB * file.sectorSize(), length);
            patch(file.path(), slotA * file.sectorSize(), recordB);
            ByteBuffer out = ByteBuffer.allocate(length);
            assertThrows(CorruptRecordException.class, () -> file.unseal(slotA, readSealed(file, slotA, length), out));
            file.unseal(slotB, readSealed(file, slotB, length), out);
            patch(file.path(), slotB * file.sectorSize(), new byte[file.sectorSize()]);
            assertThrows(CorruptRecordException.class, () -> file.unseal(slotB, readSealed(file, slotB, length), out));
        }
    }

    @ParameterizedTest
    @EnumSource(RecordProtection.class)
    void theFileHoldsNoPayloadInTheClearUnlessUnencrypted(RecordProtection protection) throws IOException {
        Path path;
        try (BackingFile file = file(protection)) {
            path = file.path();
            for (int i = 0; i < 16; i++) {
                file.write(plain(400, i));
            }
        }
        byte[] content = Files.readAllBytes(path);
        boolean found = false;
        for (int i = 0; i + SECRET.length <= content.length && !found; i++) {
            found = Arrays.equals(content, i, i + SECRET.length, SECRET, 0, SECRET.length);
        }
        assertEquals(protection == RecordProtection.CRC32C, found, "secret readable on the file");
    }

    @ParameterizedTest
    @EnumSource(RecordProtection.class)
    void everyWriteHasItsOwnNonce(RecordProtection protection) {
        // One sector: the second write must take the first one's slot.
        try (BackingFile file = BackingFile.create(BackingFileConfig.builder(dir.resolve("wb.img")).maxSize(512)
                .protection(protection).build())) {
            ByteBuffer plain = plain(100, 3);
            int length = file.recordLength(plain.remaining());
            long first = file.write(plain);
            byte[] sealedFirst = new byte[length];
            readSealed(file, first, length).get(sealedFirst);
            file.free(first, length);
            long again = file.write(plain);
            assertEquals(first, again, "the slot is reused");
            byte[] sealedAgain = new byte[length];
            readSealed(file, again, length).get(sealedAgain);
            assertTrue(!Arrays.equals(sealedFirst, sealedAgain), "same slot, same record, other bytes on the file");
            ByteBuffer out = ByteBuffer.allocate(length);
            assertArrayEquals(withoutWriteCounter(plain),
                    withoutWriteCounter(file.unseal(again, ByteBuffer.wrap(sealedAgain), out)));
        }
    }
}
