package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageSourceTest {
    @TempDir
    Path dir;

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    @Test
    void aDirectoryGivesEveryRegularFileSortedEachStartingOnAPageWithTheLastPageZeroPadded() throws IOException {
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("b/two"), filled(5000, 2));
        Files.write(dir.resolve("a"), filled(4096, 1));
        Files.write(dir.resolve("c"), new byte[0]);
        Files.write(dir.resolve("d"), filled(1, 4));

        PageSource source = PageSource.read(dir);

        assertEquals(List.of(dir.resolve("a"), dir.resolve("b/two"), dir.resolve("c"), dir.resolve("d")),
                source.files());
        assertEquals(4, source.pageCount());
        assertEquals(4096 + 5000 + 1, source.fileBytes());
        assertEquals(ByteBuffer.wrap(filled(4096, 1)), source.page(0));
        assertEquals(ByteBuffer.wrap(filled(5000, 2), 0, 4096), source.page(1));
        byte[] tail = new byte[4096];
        System.arraycopy(filled(5000, 2), 4096, tail, 0, 904);
        assertEquals(ByteBuffer.wrap(tail), source.page(2));
        byte[] single = new byte[4096];
        single[0] = 4;
        assertEquals(ByteBuffer.wrap(single), source.page(3));
        assertEquals("b/two page 1", source.describe(2));
        assertEquals("d page 0", source.describe(3));
    }

    @Test
    void aPipeIsReadToItsEndWhateverItsLengthWithTheLastPageZeroPadded() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        // More than the stream buffer's first size, so that it grows while the writer writes.
        byte[] data = filled(300 * 4096 + 100, 9);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.write(fifo, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        PageSource source = PageSource.read(fifo);

        writer.get(10, TimeUnit.SECONDS);
        assertEquals(301, source.pageCount());
        assertEquals(data.length, source.fileBytes());
        assertEquals(ByteBuffer.wrap(data, 0, 4096), source.page(0));
        assertEquals(ByteBuffer.wrap(data, 299 * 4096, 4096), source.page(299));
        byte[] tail = new byte[4096];
        System.arraycopy(data, 300 * 4096, tail, 0, 100);
        assertEquals(ByteBuffer.wrap(tail), source.page(300));
    }

    @Test
    void anEmptyDeviceHoldsNoPages() throws IOException {
        assertEquals(0, PageSource.read(Path.of("/dev/null")).pageCount());
    }

    @Test
    void aMissingPathIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> PageSource.read(dir.resolve("missing")));
    }
}
