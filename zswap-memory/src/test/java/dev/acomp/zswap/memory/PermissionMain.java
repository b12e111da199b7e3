package dev.acomp.zswap.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JVM of {@link UserfaultfdPermissionTest}, run as an unprivileged user. {@code refuse}: prints
 * {@code refused: MESSAGE} when the region is refused. {@code user-mode}: with the user-mode-only kind allowed,
 * prints {@code user-mode-only true}, then {@code efault} when the kernel could not read an evicted page for
 * a file write, then {@code prefaulted write ok} when it could after {@code prefault}.
 */
public final class PermissionMain {
    private static final long SIZE = 4L << 20;

    private PermissionMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean userMode = args[0].equals("user-mode");
        CompressedMemoryConfig config = CompressedMemoryConfig.builder().sizeBytes(SIZE).residentLimitBytes(SIZE / 8)
                .userModeOnlyAllowed(userMode).build();
        CompressedMemory region;
        try {
            region = CompressedMemory.create(config);
        } catch (UserfaultfdUnavailableException e) {
            System.out.println("refused: " + e.getMessage());
            return;
        }
        try (region) {
            System.out.println("user-mode-only " + region.userModeOnly());
            ByteBuffer all = region.buffer(0, (int) SIZE);
            for (int i = 0; i < SIZE / Regions.PAGE; i++) {
                all.putLong(i * Regions.PAGE, i + 1);
            }
            while (region.stats().residentBytes() > config.residentLimitBytes()) {
                Thread.sleep(5);
            }
            Path file = Files.createTempFile("uffd", ".page");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                // Page 0 was the first the clock hand reached: evicted.
                try {
                    ch.write(region.buffer(0, Regions.PAGE), 0);
                    System.out.println("kernel read an evicted page");
                } catch (IOException e) {
                    System.out.println("efault " + e.getMessage());
                }
                region.prefault(0, Regions.PAGE);
                int n = ch.write(region.buffer(0, Regions.PAGE), 0);
                long first = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder()).getLong(0);
                System.out.println(n == Regions.PAGE && first == 1 ? "prefaulted write ok" : "prefaulted write " + n
                        + " bytes, first word " + first);
            } finally {
                Files.delete(file);
            }
        }
    }
}
