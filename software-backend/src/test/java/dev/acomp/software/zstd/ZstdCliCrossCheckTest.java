package dev.acomp.software.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.acomp.software.ReferenceTool;
import dev.acomp.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** zstd-generic against the reference zstd CLI, in both directions, on the corpus. */
class ZstdCliCrossCheckTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ReferenceTool zstd = ReferenceTool.against(ZstdGenericDriver.NAME, "zstd", "zstd");

    @Test
    void driverFramesOfWholeFilesDecodeWithTheCli() throws Exception {
        for (Path file : SharedData.corpusFiles()) {
            byte[] data = SharedData.read(file);
            Path frame = dir.resolve(file.getFileName() + ".zst");
            Files.write(frame, zstd.compressByDriver(data));
            Path out = dir.resolve(file.getFileName() + ".out");
            zstd.run(out, "-d", "-q", "-c", frame.toString());
            assertArrayEquals(data, Files.readAllBytes(out), file.toString());
        }
    }

    @Test
    void driverFramesOfPagesDecodeWithTheCliAsConcatenatedFrames() throws Exception {
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (Path file : SharedData.corpusFiles()) {
            List<byte[]> filePages = SharedData.pages(file, SharedData.PAGE_SIZE, false);
            for (int i = 0; i < filePages.size(); i += 7) {
                pages.writeBytes(filePages.get(i));
                frames.writeBytes(zstd.compressByDriver(filePages.get(i)));
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
        for (Path file : SharedData.corpusFiles()) {
            byte[] data = SharedData.read(file);
            Path frame = dir.resolve(file.getFileName() + ".zst");
            zstd.run(frame, "-" + level, "-q", "-c", file.toString());
            byte[] packed = Files.readAllBytes(frame);
            zstd.assertDriverDecompresses(packed, data, file);
        }
    }
}
