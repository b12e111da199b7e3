package dev.acomp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookedChannelTest {
    @TempDir
    Path dir;

    @Test
    void hooksSeeEveryPositionalIoAndAThrowingHookFailsOnlyItsOffset() throws IOException {
        HookedChannel.Hooks hooks = new HookedChannel.Hooks();
        List<String> seen = new ArrayList<>();
        hooks.beforeWrite = offset -> seen.add("write " + offset);
        hooks.beforeRead = offset -> seen.add("read " + offset);
        hooks.afterRead = offset -> seen.add("read done " + offset);
        try (FileChannel c = hooks.wrap(FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            assertEquals(3, c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 512));
            ByteBuffer in = ByteBuffer.allocate(3);
            assertEquals(3, c.read(in, 512));
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), in.flip());
            assertEquals(List.of("write 512", "read 512", "read done 512"), seen);
            assertEquals(515, c.size());

            IOException disk = new IOException("injected");
            hooks.beforeWrite = offset -> {
                if (offset == 0) {
                    throw disk;
                }
            };
            assertSame(disk, assertThrows(IOException.class, () -> c.write(ByteBuffer.allocate(1), 0)));
            assertEquals(1, c.write(ByteBuffer.allocate(1), 1));
        }
    }
}
