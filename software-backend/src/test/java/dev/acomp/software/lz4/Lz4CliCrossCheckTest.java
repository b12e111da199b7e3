package dev.acomp.software.lz4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * lz4-generic's raw blocks against the reference lz4 CLI: our blocks wrapped in frames decode with the
 * CLI, and the blocks inside the CLI's frames (fast and HC levels) decode through the driver.
 */
class Lz4CliCrossCheckTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ReferenceTool lz4 = ReferenceTool.against(Lz4GenericDriver.NAME, "lz4", "lz4");

    @Test
    void driverBlocksOfWholeFilesDecodeWithTheCli() throws Exception {
        for (Path file : SharedData.corpusFiles()) {
            byte[] data = SharedData.read(file);
            assertTrue(data.length <= Lz4Frames.MAX_BLOCK, file + " is larger than one frame block");
            Path in = dir.resolve(file.getFileName() + ".lz4");
            Files.write(in, Lz4Frames.frame(lz4.compressByDriver(data)));
            Path out = dir.resolve(file.getFileName() + ".out");
            lz4.run(out, "-d", "-q", "-c", in.toString());
            assertArrayEquals(data, Files.readAllBytes(out), file.toString());
        }
    }

    @Test
    void driverBlocksOfPagesDecodeWithTheCliAsConcatenatedFrames() throws Exception {
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (Path file : SharedData.corpusFiles()) {
            List<byte[]> filePages = SharedData.pages(file, SharedData.PAGE_SIZE, false);
            for (int i = 0; i < filePages.size(); i += 7) {
                pages.writeBytes(filePages.get(i));
                frames.writeBytes(Lz4Frames.frame(lz4.compressByDriver(filePages.get(i))));
            }
        }
        Path in = dir.resolve("pages.lz4");
        Files.write(in, frames.toByteArray());
        Path out = dir.resolve("pages.out");
        lz4.run(out, "-d", "-q", "-c", in.toString());
        assertArrayEquals(pages.toByteArray(), Files.readAllBytes(out));
    }

    @ParameterizedTest(name = "lz4 -{0}")
    @ValueSource(ints = {1, 9})
    void cliBlocksDecodeThroughTheDriver(int level) throws Exception {
        int decoded = 0;
        for (Path file : SharedData.corpusFiles()) {
            byte[] data = SharedData.read(file);
            Path frame = dir.resolve(file.getFileName() + ".lz4");
            // One independent block of up to 4 MiB per frame, no content checksum: a whole file is one raw block.
            lz4.run(frame, "-" + level, "-q", "-c", "-B7", "-BI", "--no-frame-crc", file.toString());
            byte[] block = Lz4Frames.onlyBlock(Files.readAllBytes(frame));
            if (block == null) {
                continue; // the CLI stored this file uncompressed: no block to decode
            }
            lz4.assertDriverDecompresses(block, data, file);
            decoded++;
        }
        assertTrue(decoded > 20, "only " + decoded + " files came out as compressed blocks");
    }
}
