package dev.acomp.software.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.software.Corpus;
import dev.acomp.software.ReferenceTool;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** zstd-generic against the reference zstd CLI, in both directions, on the corpus. */
class ZstdCliCrossCheckTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;
    private ReferenceTool zstd;
    private Acomp acomp;
    private AcompRequest request;

    @BeforeEach
    void setUp() {
        zstd = ReferenceTool.require("zstd", "zstd");
        acomp = AcompRegistry.load().allocate(ZstdGenericDriver.NAME);
        request = acomp.newRequest();
    }

    @AfterEach
    void tearDown() {
        request.close();
        acomp.close();
    }

    @Test
    void driverFramesOfWholeFilesDecodeWithTheCli() throws Exception {
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            Path frame = dir.resolve(file.getFileName() + ".zst");
            Files.write(frame, compress(data));
            Path out = dir.resolve(file.getFileName() + ".out");
            zstd.run(out, "-d", "-q", "-c", frame.toString());
            assertArrayEquals(data, Files.readAllBytes(out), file.toString());
        }
    }

    @Test
    void driverFramesOfPagesDecodeWithTheCliAsConcatenatedFrames() throws Exception {
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            for (int off = 0; off < data.length; off += 7 * PAGE) {
                byte[] page = Arrays.copyOfRange(data, off, Math.min(data.length, off + PAGE));
                pages.writeBytes(page);
                frames.writeBytes(compress(page));
            }
        }
        Path in = dir.resolve("pages.zst");
        Files.write(in, frames.toByteArray());
        Path out = dir.resolve("pages.out");
        zstd.run(out, "-d", "-q", "-c", in.toString());
        assertArrayEquals(pages.toByteArray(), Files.readAllBytes(out));
    }

    @ParameterizedTest(name = "zstd -{0}")
    @ValueSource(ints = {1, 3, 9})
    void cliFramesDecodeThroughTheDriver(int level) throws Exception {
        for (Path file : Corpus.files()) {
            byte[] data = Corpus.read(file);
            Path frame = dir.resolve(file.getFileName() + ".zst");
            zstd.run(frame, "-" + level, "-q", "-c", file.toString());
            byte[] packed = Files.readAllBytes(frame);
            ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
            assertEquals(data.length, request.decompress(ByteBuffer.allocateDirect(packed.length).put(0, packed), dst));
            byte[] restored = new byte[data.length];
            dst.get(0, restored);
            assertArrayEquals(data, restored, file.toString());
        }
    }

    private byte[] compress(byte[] data) {
        ByteBuffer dst = ByteBuffer.allocateDirect(acomp.maxCompressedLength(data.length));
        int n = request.compress(ByteBuffer.allocateDirect(data.length).put(0, data), dst);
        byte[] out = new byte[n];
        dst.get(0, out);
        return out;
    }
}
