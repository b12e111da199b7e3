package dev.acomp.software.lz4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.software.Corpus;
import dev.acomp.software.ReferenceTool;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lz4-generic's raw blocks against the reference lz4 CLI: our blocks wrapped in frames decode with the
 * CLI, and the blocks inside the CLI's frames (fast and HC levels) decode through the driver.
 */
class Lz4CliCrossCheckTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;
    private ReferenceTool lz4;
    private Acomp acomp;
    private AcompRequest request;

    @BeforeEach
    void setUp() {
        lz4 = ReferenceTool.require("lz4", "lz4");
        acomp = AcompRegistry.load().allocate(Lz4GenericDriver.NAME);
        request = acomp.newRequest();
    }

    @AfterEach
    void tearDown() {
        request.close();
        acomp.close();
    }

    @Test
    void driverBlocksOfWholeFilesDecodeWithTheCli() throws Exception {
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            assertTrue(data.length <= Lz4Frames.MAX_BLOCK, file + " is larger than one frame block");
            Path in = dir.resolve(file.getFileName() + ".lz4");
            Files.write(in, Lz4Frames.frame(compress(data)));
            Path out = dir.resolve(file.getFileName() + ".out");
            lz4.run(out, "-d", "-q", "-c", in.toString());
            assertArrayEquals(data, Files.readAllBytes(out), file.toString());
        }
    }

    @Test
    void driverBlocksOfPagesDecodeWithTheCliAsConcatenatedFrames() throws Exception {
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        List<byte[]> frames = new ArrayList<>();
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            for (int off = 0; off < data.length; off += 7 * PAGE) {
                byte[] page = Arrays.copyOfRange(data, off, Math.min(data.length, off + PAGE));
                pages.writeBytes(page);
                frames.add(Lz4Frames.frame(compress(page)));
            }
        }
        Path in = dir.resolve("pages.lz4");
        Files.write(in, Lz4Frames.concat(frames));
        Path out = dir.resolve("pages.out");
        lz4.run(out, "-d", "-q", "-c", in.toString());
        assertArrayEquals(pages.toByteArray(), Files.readAllBytes(out));
    }

    @ParameterizedTest(name = "lz4 -{0}")
    @ValueSource(ints = {1, 9})
    void cliBlocksDecodeThroughTheDriver(int level) throws Exception {
        int decoded = 0;
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            Path frame = dir.resolve(file.getFileName() + ".lz4");
            // One independent block of up to 4 MiB per frame, no content checksum: a whole file is one raw block.
            lz4.run(frame, "-" + level, "-q", "-c", "-B7", "-BI", "--no-frame-crc", file.toString());
            byte[] block = Lz4Frames.onlyBlock(Files.readAllBytes(frame));
            if (block == null) {
                continue; // the CLI stored this file uncompressed: no block to decode
            }
            ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
            assertEquals(data.length, request.decompress(ByteBuffer.allocateDirect(block.length).put(0, block), dst));
            byte[] restored = new byte[data.length];
            dst.get(0, restored);
            assertArrayEquals(data, restored, file.toString());
            decoded++;
        }
        assertTrue(decoded > 20, "only " + decoded + " files came out as compressed blocks");
    }

    private byte[] compress(byte[] data) {
        ByteBuffer dst = ByteBuffer.allocateDirect(acomp.maxCompressedLength(data.length));
        int n = request.compress(ByteBuffer.allocateDirect(data.length).put(0, data), dst);
        byte[] out = new byte[n];
        dst.get(0, out);
        return out;
    }
}
