package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where userfaultfd is not permitted: as an unprivileged user (nobody, through setpriv) with
 * vm.unprivileged_userfaultfd=0 and /dev/userfaultfd owner-only, the region is refused with the causes named, or
 * made with the user-mode-only kind, whose limit (the kernel cannot fault pages in) prefault works around.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserfaultfdPermissionTest {
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    @Test
    void anUnprivilegedUserIsRefusedWithTheCausesNamed() throws Exception {
        String out = runAsNobody("refuse");
        assertTrue(out.contains("refused: "), out);
        assertTrue(out.contains("vm.unprivileged_userfaultfd=0") && out.contains("CAP_SYS_PTRACE")
                && out.contains("/dev/userfaultfd"), out);
    }

    @Test
    void theUserModeOnlyKindNeedsPrefaultForTheKernelToRead() throws Exception {
        String out = runAsNobody("user-mode");
        assertTrue(out.contains("user-mode-only true"), out);
        assertTrue(out.contains("efault"), "a file write from an evicted page fails: " + out);
        assertTrue(out.contains("prefaulted write ok"), out);
    }

    @Test
    void theKernelFaultsPagesInThroughAFullUserfaultfd() throws Exception {
        long size = 4L << 20;
        try (CompressedMemory region = Regions.open(Regions.config(size, size / 8).build())) {
            assumeTrue(!region.userModeOnly(), "only the user-mode-only kind is permitted here");
            ByteBuffer all = region.buffer(0, (int) size);
            for (int i = 0; i < size / Regions.PAGE; i++) {
                all.putLong(i * Regions.PAGE, i + 1);
            }
            while (region.stats().residentBytes() > region.config().residentLimitBytes()) {
                Thread.sleep(5);
            }
            long loads = region.stats().loads();
            // The whole region, of which at most an eighth is resident: which pages are is CLOCK's choice.
            Path file = dir.resolve("region");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer src = region.buffer(0, (int) size);
                while (src.hasRemaining()) {
                    ch.write(src, src.position());
                }
            }
            ByteBuffer written = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
            assertEquals(size, written.capacity());
            for (int i = 0; i < size / Regions.PAGE; i++) {
                assertEquals(i + 1, written.getLong(i * Regions.PAGE), "page " + i + " as the kernel read it");
            }
            assertTrue(region.stats().loads() > loads, "evicted pages were loaded for the kernel");
        }
    }

    /** Runs {@link PermissionMain} as nobody, with a copy of the class path nobody can read; its output. */
    private String runAsNobody(String mode) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a child as nobody");
        assumeTrue(new File("/usr/bin/setpriv").canExecute(), "needs setpriv (util-linux)");
        assumeTrue("0".equals(Files.readString(Path.of("/proc/sys/vm/unprivileged_userfaultfd")).trim()),
                "vm.unprivileged_userfaultfd is 1: every user is permitted");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            Path to = dir.resolve("cp" + n++ + (Files.isDirectory(from) ? "" : ".jar"));
            copy(from, to);
            classPath.add(to.toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                java, "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + dir, "-Djna.tmpdir=" + dir,
                "-cp", String.join(File.pathSeparator, classPath), PermissionMain.class.getName(), mode)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the child did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
