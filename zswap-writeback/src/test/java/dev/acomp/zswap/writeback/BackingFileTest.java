package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.HookedChannel;
import dev.acomp.zswap.writeback.BackingFileIoException.Operation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackingFileTest {
    @TempDir
    Path dir;

    private BackingFileConfig.Builder config() {
        return BackingFileConfig.builder(dir.resolve("wb.img"));
    }

    /** A plain record of random payload that takes {@code sealedLength} bytes on the file, sealed with AES-GCM. */
    private static ByteBuffer bytes(int sealedLength, int seed) {
        byte[] b = new byte[sealedLength - WrittenBackRecord.HEADER_BYTES - RecordProtection.AES_GCM.trailerBytes()];
        new Random(seed).nextBytes(b);
        ByteBuffer record = ByteBuffer.allocateDirect(sealedLength);
        return record.limit(WrittenBackRecord.encode(record, false, (short) 1, seed, ByteBuffer.wrap(b)));
    }

    /** The plain record read back from {@code slot}, where it takes {@code length} bytes. */
    private static byte[] read(BackingFile file, long slot, int length) {
        ByteBuffer sealed = ByteBuffer.allocate(length);
        file.read(slot, length, sealed);
        return withoutWriteCounter(file.unseal(slot, sealed, ByteBuffer.allocate(length)));
    }

    /** The plain record's bytes with the write counter, which the file sets when it seals, back at 0. */
    private static byte[] withoutWriteCounter(ByteBuffer plain) {
        byte[] a = array(plain);
        Arrays.fill(a, WrittenBackRecord.WRITE_COUNTER_OFFSET, WrittenBackRecord.HEADER_BYTES, (byte) 0);
        return a;
    }

    private static byte[] array(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void isCreatedOwnerOnly() throws IOException {
        try (BackingFile file = BackingFile.create(config().build())) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file.path()));
        }
    }

    @Test
    void isDeletedOnCloseUnlessConfiguredToStay() {
        Path path;
        try (BackingFile file = BackingFile.create(config().build())) {
            path = file.path();
            assertTrue(Files.exists(path));
        }
        assertFalse(Files.exists(path));
        try (BackingFile file = BackingFile.create(config().deleteOnClose(false).build())) {
            file.write(bytes(40, 1));
        }
        assertTrue(Files.exists(path));
    }

    @Test
    void growingFileGrowsWithItsRecords() throws IOException {
        try (BackingFile file = BackingFile.create(config().maxSize(1 << 20).build())) {
            assertEquals(0, Files.size(file.path()));
            long slot = file.write(bytes(1000, 1));
            assertEquals(1000, Files.size(file.path()));
            file.write(bytes(700, 2));
            assertEquals(1024 + 700, Files.size(file.path()));
            assertEquals(0, slot);
            assertEquals(1 << 20, file.capacity());
        }
    }

    @Test
    void presizedFileHasItsMaxSizeFromCreation() throws IOException {
        try (BackingFile file = BackingFile.create(config().maxSize(1 << 20).sizing(BackingFileConfig.Sizing.PRESIZED)
                .build())) {
            assertEquals(1 << 20, Files.size(file.path()));
            file.write(bytes(1000, 1));
            assertEquals(1 << 20, Files.size(file.path()));
        }
    }

    @Test
    void recordsRoundTripInWholeSectors() {
        int[] lengths = {33, 511, 512, 513, 4112, 3000};
        try (BackingFile file = BackingFile.create(config().build())) {
            long[] slots = new long[lengths.length];
            ByteBuffer[] records = new ByteBuffer[lengths.length];
            for (int i = 0; i < lengths.length; i++) {
                records[i] = bytes(lengths[i], i);
                slots[i] = file.write(records[i]);
                assertEquals(0, records[i].position(), "write leaves the position");
            }
            for (int i = 0; i < lengths.length; i++) {
                assertArrayEquals(array(records[i]), read(file, slots[i], lengths[i]), "record " + i);
            }
            WritebackStats stats = file.stats();
            assertEquals(lengths.length, stats.bdCount());
            assertEquals(lengths.length, stats.bdWrites());
            assertEquals(lengths.length, stats.bdReads());
            assertEquals(33 + 511 + 512 + 513 + 4112 + 3000, stats.bytesWritten());
            assertEquals(1 + 1 + 1 + 2 + 9 + 6, stats.sectorsInUse());
            assertEquals((64 << 20) / 512, stats.capacitySectors());
        }
    }

    @Test
    void readLeavesTheDestinationPositionAndLimit() {
        try (BackingFile file = BackingFile.create(config().build())) {
            ByteBuffer record = bytes(100, 3);
            long slot = file.write(record);
            ByteBuffer dst = ByteBuffer.allocate(300).position(50).limit(250);
            file.read(slot, 100, dst);
            assertEquals(50, dst.position());
            assertEquals(250, dst.limit());
            assertArrayEquals(array(record), withoutWriteCounter(file.unseal(slot, dst.duplicate().limit(150),
                    ByteBuffer.allocate(116))));
            assertThrows(IllegalArgumentException.class, () -> file.read(slot, 100, ByteBuffer.allocate(99)));
        }
    }

    @Test
    void sectorSizeIsConfigurable() {
        try (BackingFile file = BackingFile.create(config().sectorSize(4096).build())) {
            long a = file.write(bytes(100, 1));
            long b = file.write(bytes(5000, 2));
            assertEquals(0, a);
            assertEquals(1, b);
            assertEquals(3, file.stats().sectorsInUse());
            assertEquals(3 * 4096, file.stats().bytesInUse());
        }
    }

    @Test
    void fullFileThrowsBackingFileFull() {
        try (BackingFile file = BackingFile.create(config().maxSize(8 * 512).build())) {
            for (int i = 0; i < 4; i++) {
                file.write(bytes(1000, i));
            }
            BackingFileFullException e = assertThrows(BackingFileFullException.class, () -> file.write(bytes(33, 9)));
            assertEquals(1, e.sectorsWanted());
            assertEquals(0, e.sectorsFree());
            assertEquals(4, file.stats().bdCount());
        }
    }

    @Test
    void fragmentedFreeSpaceIsFullForALongerRecord() {
        try (BackingFile file = BackingFile.create(config().maxSize(4 * 512).build())) {
            long[] slots = new long[4];
            for (int i = 0; i < 4; i++) {
                slots[i] = file.write(bytes(512, i));
            }
            file.free(slots[0], 512);
            file.free(slots[2], 512);
            BackingFileFullException e = assertThrows(BackingFileFullException.class,
                    () -> file.write(bytes(513, 9)));
            assertEquals(2, e.sectorsWanted());
            assertEquals(2, e.sectorsFree());
        }
    }

    @Test
    void freedSectorsAreReused() {
        try (BackingFile file = BackingFile.create(config().maxSize(4 * 512).build())) {
            long a = file.write(bytes(1024, 1));
            file.write(bytes(1024, 2));
            file.free(a, 1024);
            ByteBuffer again = bytes(1000, 3);
            assertEquals(a, file.write(again));
            assertArrayEquals(array(again), read(file, a, 1000));
            assertEquals(2, file.stats().bdCount());
            assertEquals(4, file.stats().sectorsInUse());
        }
    }

    @Test
    void doubleFreeIsRefused() {
        try (BackingFile file = BackingFile.create(config().build())) {
            long slot = file.write(bytes(600, 1));
            file.free(slot, 600);
            assertThrows(IllegalStateException.class, () -> file.free(slot, 600));
            assertEquals(0, file.stats().bdCount());
        }
    }

    @Test
    void slotsOutsideTheFileAreRefused() {
        try (BackingFile file = BackingFile.create(config().maxSize(4 * 512).build())) {
            assertThrows(IllegalArgumentException.class, () -> read(file, 4, 10));
            assertThrows(IllegalArgumentException.class, () -> read(file, 3, 513));
            assertThrows(IllegalArgumentException.class, () -> read(file, -1, 10));
            assertThrows(IllegalArgumentException.class, () -> file.write(ByteBuffer.allocate(0)));
        }
    }

    @Test
    void readPastTheEndOfAGrowingFileIsAnIoError() {
        try (BackingFile file = BackingFile.create(config().build())) {
            file.write(bytes(100, 1));
            BackingFileIoException e = assertThrows(BackingFileIoException.class, () -> read(file, 1, 100));
            assertEquals(Operation.READ, e.operation());
            assertEquals(1, e.slot());
            assertTrue(e.getMessage().contains("end of file"), e.getMessage());
        }
    }

    @Test
    void writeErrorIsTypedAndFreesItsSectors() {
        HookedChannel.Hooks hooks = new HookedChannel.Hooks();
        try (BackingFile file = BackingFile.create(config().channelDecorator(hooks::wrap).build())) {
            file.write(bytes(512, 1));
            IOException disk = new IOException("injected: no space left on device");
            hooks.beforeWrite = offset -> {
                throw disk;
            };
            BackingFileIoException e = assertThrows(BackingFileIoException.class, () -> file.write(bytes(2000, 2)));
            assertEquals(Operation.WRITE, e.operation());
            assertEquals(1, e.slot());
            assertSame(disk, e.getCause());
            WritebackStats stats = file.stats();
            assertEquals(1, stats.writeErrors());
            assertEquals(1, stats.bdCount());
            assertEquals(1, stats.sectorsInUse());
            assertEquals(512, stats.bytesWritten());

            hooks.beforeWrite = offset -> { };
            ByteBuffer record = bytes(2000, 3);
            long slot = file.write(record);
            assertArrayEquals(array(record), read(file, slot, 2000));
        }
    }

    @Test
    void readErrorIsTyped() {
        HookedChannel.Hooks hooks = new HookedChannel.Hooks();
        try (BackingFile file = BackingFile.create(config().channelDecorator(hooks::wrap).build())) {
            file.write(bytes(512, 1));
            long slot = file.write(bytes(512, 2));
            hooks.beforeRead = offset -> {
                if (offset == 512) {
                    throw new IOException("injected: medium error");
                }
            };
            BackingFileIoException e = assertThrows(BackingFileIoException.class, () -> read(file, slot, 512));
            assertEquals(Operation.READ, e.operation());
            assertEquals(slot, e.slot());
            assertTrue(e.getMessage().contains("wb.img") && e.getMessage().contains("medium error"), e.getMessage());
            assertEquals(1, file.stats().readErrors());
            read(file, 0, 512);
        }
    }

    @Test
    void existingFileWithDataIsRefusedUnlessReused() throws IOException {
        Path path = Files.write(dir.resolve("wb.img"), new byte[] {1, 2, 3});
        BackingFileIoException e = assertThrows(BackingFileIoException.class, () -> BackingFile.create(config().build()));
        assertEquals(Operation.CREATE, e.operation());
        assertTrue(e.getMessage().contains("reuseExisting"), e.getMessage());
        assertEquals(3, Files.size(path), "left alone");

        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        try (BackingFile file = BackingFile.create(config().reuseExisting(true).build())) {
            assertEquals(0, Files.size(path), "old content discarded");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(path));
            assertEquals(0, file.write(bytes(40, 1)));
        }
    }

    @Test
    void existingEmptyFileOfOursIsTakenOwnerOnly() throws IOException {
        Path path = Files.createFile(dir.resolve("wb.img"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-rw-rw-")));
        try (BackingFile file = BackingFile.create(config().build())) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(path));
            file.write(bytes(40, 1));
        }
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path target = Files.write(dir.resolve("elsewhere"), new byte[] {7});
        Files.createSymbolicLink(dir.resolve("wb.img"), target);
        BackingFileIoException e = assertThrows(BackingFileIoException.class,
                () -> BackingFile.create(config().reuseExisting(true).build()));
        assertEquals(Operation.CREATE, e.operation());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(1, Files.size(target), "target untouched");
    }

    @Test
    void aDanglingSymbolicLinkIsRefusedAndNothingCreatedThroughIt() throws IOException {
        Path target = dir.resolve("created-through-the-link");
        Files.createSymbolicLink(dir.resolve("wb.img"), target);
        assertThrows(BackingFileIoException.class, () -> BackingFile.create(config().build()));
        assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void somethingOtherThanARegularFileIsRefused() throws IOException, InterruptedException {
        Files.createDirectory(dir.resolve("wb.img"));
        BackingFileIoException e = assertThrows(BackingFileIoException.class,
                () -> BackingFile.create(config().reuseExisting(true).build()));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path fifo = dir.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            e = assertThrows(BackingFileIoException.class,
                    () -> BackingFile.create(BackingFileConfig.builder(fifo).build()));
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
    }

    @Test
    void aFileWithAnotherNameIsRefused() throws IOException {
        Path path = Files.createFile(dir.resolve("wb.img"));
        Files.createLink(dir.resolve("other-name"), path);
        BackingFileIoException e = assertThrows(BackingFileIoException.class, () -> BackingFile.create(config().build()));
        assertTrue(e.getMessage().contains("2 hard links"), e.getMessage());
    }

    @Test
    void closedFileRefusesIo() {
        BackingFile file = BackingFile.create(config().build());
        long slot = file.write(bytes(40, 1));
        file.close();
        file.close();
        assertTrue(file.isClosed());
        assertThrows(WritebackClosedException.class, () -> file.write(bytes(40, 1)));
        assertThrows(WritebackClosedException.class, () -> read(file, slot, 40));
    }

    @Test
    void configRejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> config().sectorSize(500).build());
        assertThrows(IllegalArgumentException.class, () -> config().sectorSize(32).build());
        assertThrows(IllegalArgumentException.class, () -> config().maxSize(1000).build());
        assertThrows(IllegalArgumentException.class, () -> config().maxSize(0).build());
    }

    @Test
    void statsSnapshotNamesCountersAsZramDoes() {
        try (BackingFile file = BackingFile.create(config().build())) {
            file.write(bytes(40, 1));
            WritebackStats stats = file.stats();
            assertEquals(1L, stats.asMap().get("bd_count"));
            assertEquals(40L, stats.asMap().get("bytes_written"));
            assertEquals(0L, stats.asMap().get("wb_read_stale"));
            assertEquals(0L, stats.asMap().get("wb_read_corrupt"));
            assertEquals(2, stats.withReadPool(1, 2, 3).wbReadStale());
            assertEquals(3, stats.withReadPool(1, 2, 3).wbReadCorrupt());
            assertEquals(1, stats.withReadPool(1, 2, 3).readErrors());
        }
    }
}
