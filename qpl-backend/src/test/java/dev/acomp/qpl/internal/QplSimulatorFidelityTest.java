package dev.acomp.qpl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.acomp.qpl.QplSimulator;
import dev.acomp.qpl.QplSimulatorExtension;
import dev.acomp.testing.SharedData;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The simulator is as strict as Intel's libqpl where a driver can tell. Each expectation was read in
 * intel/qpl at 117ec5b7 (qplsim.c names the files) and, for the software path, seen on a build of it.
 */
class QplSimulatorFidelityTest {
    private static final int PAGE = SharedData.PAGE_SIZE;
    private static final int OK = 0;
    private static final int BEING_PROCESSED = 1;
    private static final int MORE_OUTPUT_NEEDED = 2;
    private static final int QUEUES_ARE_BUSY = 5;
    private static final int SIZE_ERR = 57;
    private static final int BUFFER_OVERLAP_ERR = 59;
    private static final int UNSUPPORTED_COMPRESSION_LEVEL = 87;
    private static final int INVALID_BLOCK_TYPE = 213;
    private static final int INVALID_STORED_LEN = 214;
    private static final int REF_BEFORE_START = 218;
    /** ISA-L's ISAL_INVALID_BLOCK, passed through by the software path. */
    private static final int ISAL_INVALID_BLOCK = -1;
    private static final int FLAGS_WITH_VERIFY = 0x1 | 0x2 | 0x2000;

    /** Intel's software path's raw DEFLATE of a zero page, 22 bytes. */
    private static final byte[] INTEL_ZERO_PAGE = HexFormat.of().parseHex("edcc010d000000c220fba7b6c7070118000000906f0e");

    private static byte[] text;
    private static byte[] noise;

    @BeforeAll
    static void library() {
        assertTrue(QplLibrary.get().isLoaded(), () -> "simulator not loaded: " + QplLibrary.get().cause());
        text = SharedData.corpusPages(PAGE, false).get(0);
        noise = new byte[PAGE];
        new Random(1).nextBytes(noise);
    }

    private record Result(int status, byte[] output) {
    }

    private static Result run(int path, int op, int flags, int level, byte[] data, int capacity) {
        try (Memory in = new Memory(Math.max(1, data.length)); Memory out = new Memory(Math.max(1, capacity))) {
            in.write(0, data, 0, data.length);
            return run(path, op, flags, level, Pointer.nativeValue(in), data.length, out, capacity);
        }
    }

    private static Result run(int path, int op, int flags, int level, long source, int length, Pointer out, int capacity) {
        try (QplJob job = QplJob.open(path)) {
            job.prepare(op, flags, level, source, length, Pointer.nativeValue(out), capacity);
            int status = job.execute();
            return new Result(status, status == OK ? out.getByteArray(0, job.totalOut()) : null);
        } catch (QplInitException e) {
            throw new AssertionError(e);
        }
    }

    private static Result compress(int path, byte[] data, int capacity) {
        return run(path, QplJob.OP_COMPRESS, QplJob.COMPRESS_FLAGS, QplJob.LEVEL_DEFAULT, data, capacity);
    }

    private static Result decompress(int path, byte[] stream) {
        return run(path, QplJob.OP_DECOMPRESS, QplJob.DECOMPRESS_FLAGS, QplJob.LEVEL_DEFAULT, stream, PAGE);
    }

    @Test
    void jobsAreAsLargeAsIntels() {
        int[] sizes = {830_784, 188_736, 740_864};
        try (Memory size = new Memory(4)) {
            for (int path = 0; path < sizes.length; path++) {
                assertEquals(OK, QplNative.qpl_get_job_size(path, size));
                assertEquals(sizes[path], size.getInt(0), "path " + path);
            }
        }
    }

    @Test
    void aSoftwareHuffmanStreamNeedsSevenBytesOfRoomBeyondItsLength() {
        byte[] stream = compress(QplJob.PATH_SOFTWARE, text, 2 * PAGE).output();
        for (int room = stream.length - 1; room < stream.length + 7; room++) {
            assertEquals(MORE_OUTPUT_NEEDED, compress(QplJob.PATH_SOFTWARE, text, room).status(), room + " bytes");
        }
        assertArrayEquals(stream, compress(QplJob.PATH_SOFTWARE, text, stream.length + 7).output());
        // Stored blocks are copied whole: they fit exactly.
        assertEquals(PAGE + 5, compress(QplJob.PATH_SOFTWARE, noise, PAGE + 5).output().length);
    }

    @Test
    void whatDoesNotFitIsMoreOutputNeededOnBothPaths() {
        for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
            int length = compress(path, text, 2 * PAGE).output().length;
            assertEquals(MORE_OUTPUT_NEEDED, compress(path, text, length - 1).status(), "path " + path);
            assertEquals(MORE_OUTPUT_NEEDED, compress(path, noise, PAGE + 4).status(), "path " + path);
        }
    }

    @Test
    void nothingComesOutLargerThanStoredBlocksWithinTheSafeSize() {
        assertEquals(40, QplNative.qpl_get_safe_deflate_compression_buffer_size(0));
        assertEquals(4136, QplNative.qpl_get_safe_deflate_compression_buffer_size(PAGE));
        assertEquals(65_580, QplNative.qpl_get_safe_deflate_compression_buffer_size(65_536));
        byte[] big = new byte[65_536];
        new Random(2).nextBytes(big);
        for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
            assertEquals(65_536 + 2 * 5, compress(path, big, 65_580).output().length, "path " + path);
        }
    }

    @Test
    void anEmptySourceOrDestinationIsASizeErrorForCompression() {
        for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
            assertEquals(SIZE_ERR, compress(path, new byte[0], PAGE).status(), "path " + path);
            assertEquals(SIZE_ERR, compress(path, text, 0).status(), "path " + path);
        }
        Result empty = decompress(QplJob.PATH_SOFTWARE, new byte[0]);
        assertEquals(OK, empty.status());
        assertEquals(0, empty.output().length);
    }

    @Test
    void overlappingBuffersAreRejected() {
        try (Memory one = new Memory(3 * PAGE)) {
            one.write(0, text, 0, PAGE);
            long source = Pointer.nativeValue(one);
            for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
                Result r = run(path, QplJob.OP_COMPRESS, QplJob.COMPRESS_FLAGS, QplJob.LEVEL_DEFAULT, source, PAGE,
                        one.share(PAGE - 1), 2 * PAGE);
                assertEquals(BUFFER_OVERLAP_ERR, r.status(), "path " + path);
            }
        }
    }

    @Test
    void theHighLevelIsForTheSoftwarePathOnly() {
        int compress = QplJob.OP_COMPRESS;
        assertEquals(UNSUPPORTED_COMPRESSION_LEVEL,
                run(QplJob.PATH_HARDWARE, compress, QplJob.COMPRESS_FLAGS, QplJob.LEVEL_HIGH, text, 2 * PAGE).status());
        assertEquals(OK, run(QplJob.PATH_SOFTWARE, compress, QplJob.COMPRESS_FLAGS, QplJob.LEVEL_HIGH, text, 2 * PAGE).status());
        for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
            assertEquals(UNSUPPORTED_COMPRESSION_LEVEL,
                    run(path, compress, QplJob.COMPRESS_FLAGS, 2, text, 2 * PAGE).status(), "path " + path);
        }
    }

    @Test
    void aTruncatedStreamSucceedsShortOnTheSoftwarePathAndFailsOnTheDevice() {
        byte[] stream = compress(QplJob.PATH_SOFTWARE, text, 2 * PAGE).output();
        byte[] half = Arrays.copyOf(stream, stream.length / 2);
        Result software = decompress(QplJob.PATH_SOFTWARE, half);
        assertEquals(OK, software.status());
        assertTrue(software.output().length < PAGE, software.output().length + " bytes");
        assertArrayEquals(Arrays.copyOf(text, software.output().length), software.output());
        int device = decompress(QplJob.PATH_HARDWARE, half).status();
        assertTrue(device >= 200 && device < 300, "device status " + device);
    }

    @Test
    void aBitFlipThatRunsTheHeaderOffTheStreamIsIsalInvalidBlockOnTheSoftwarePath() {
        assertArrayEquals(new byte[PAGE], decompress(QplJob.PATH_SOFTWARE, INTEL_ZERO_PAGE).output());
        byte[] flipped = INTEL_ZERO_PAGE.clone();
        flipped[73 / 8] ^= 1 << (73 % 8);
        assertEquals(ISAL_INVALID_BLOCK, decompress(QplJob.PATH_SOFTWARE, flipped).status());
        // A dynamic block whose code length code has no lengths at all.
        assertEquals(ISAL_INVALID_BLOCK, decompress(QplJob.PATH_SOFTWARE, new byte[] {0x05, 0, 0, 0}).status());
        int device = decompress(QplJob.PATH_HARDWARE, flipped).status();
        assertTrue(device >= 200 && device < 300, "device status " + device);
    }

    @Test
    void damagedStreamsGetIntelsOperationErrors() {
        // A fixed block: literal 'a', then a match of 3 from 2 bytes back, where there is only one byte.
        byte[] beforeStart = {0x4b, 0x04, 0x42, 0x00};
        for (int path : new int[] {QplJob.PATH_HARDWARE, QplJob.PATH_SOFTWARE}) {
            assertEquals(INVALID_BLOCK_TYPE, decompress(path, new byte[] {0x07, 0, 0, 0}).status(), "path " + path);
            assertEquals(INVALID_STORED_LEN, decompress(path, new byte[] {0x01, 0x05, 0, 0, 0, 1, 2, 3, 4, 5}).status(),
                    "path " + path);
            assertEquals(REF_BEFORE_START, decompress(path, beforeStart).status(), "path " + path);
        }
    }

    @Test
    @ExtendWith(QplSimulatorExtension.class)
    void compressionsThatVerifyAreCounted(QplSimulator sim) {
        run(QplJob.PATH_SOFTWARE, QplJob.OP_COMPRESS, FLAGS_WITH_VERIFY, QplJob.LEVEL_DEFAULT, text, 2 * PAGE);
        compress(QplJob.PATH_SOFTWARE, text, 2 * PAGE);
        assertEquals(1, sim.read("verified_jobs"));
    }

    /** IAA 1.0 compresses with dynamic Huffman in two descriptors; qpl_check_job queues the second. */
    @Test
    @ExtendWith(QplSimulatorExtension.class)
    void aFullQueueForTheSecondPassIsReportedByTheCheckAndRetriedByTheNext(QplSimulator sim) throws QplInitException {
        try (Memory in = new Memory(PAGE); Memory out = new Memory(2 * PAGE);
                QplJob job = QplJob.open(QplJob.PATH_HARDWARE)) {
            sim.set("busy_second_passes", 2);
            in.write(0, text, 0, PAGE);
            job.prepare(QplJob.OP_COMPRESS, QplJob.COMPRESS_FLAGS, QplJob.LEVEL_DEFAULT, Pointer.nativeValue(in), PAGE,
                    Pointer.nativeValue(out), 2 * PAGE);
            assertEquals(OK, job.submit());
            int busy = 0;
            int status;
            while ((status = job.check()) == BEING_PROCESSED || status == QUEUES_ARE_BUSY) {
                busy += status == QUEUES_ARE_BUSY ? 1 : 0;
            }
            assertEquals(OK, status);
            assertEquals(2, busy);
            assertArrayEquals(compress(QplJob.PATH_HARDWARE, text, 2 * PAGE).output(), out.getByteArray(0, job.totalOut()));
            assertEquals(1 + 1, sim.read("hardware_jobs"), "second passes are not submissions");
        }
    }
}
