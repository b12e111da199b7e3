package dev.acomp.cli.zram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.PassPlan;
import dev.acomp.testing.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel side of {@code compare}, against a stand-in for zram: a sysfs directory of plain files and a
 * regular file as the device, which takes the same direct I/O (no kernel feature is borrowed).
 */
class KernelZramTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void pagesAreWrittenFromWhereTheyLieAndReadBackIntoTheirPlaceThenTheDeviceIsReset(int threads) throws IOException {
        Path sysfs = Files.createDirectories(dir.resolve("zram0"));
        Files.writeString(sysfs.resolve("comp_algorithm"), "lzo [lzo-rle] lz4\n");
        Files.writeString(sysfs.resolve("disksize"), "0\n");
        Files.writeString(sysfs.resolve("reset"), "");
        Files.writeString(sysfs.resolve("mm_stat"), "1130496 500000 524288 0 524288 2 0 1\n");
        Path device = Files.createFile(dir.resolve("device"));
        Path book1 = SharedData.corpusFiles().stream().filter(p -> p.getFileName().toString().equals("book1"))
                .findFirst().orElseThrow();
        PageSnapshot snapshot = PageSources.open(book1.toString(), note -> { });

        ZramResult r = new KernelZram(sysfs, device).compare(snapshot, "lz4", PassPlan.of(snapshot.pageCount(), 3),
                threads);

        assertTrue(r.verified(), () -> r.mismatches() + " mismatches, first " + r.firstMismatch());
        assertEquals(snapshot.pageCount(), r.pages());
        assertEquals(2, r.mmStat().samePages());
        assertTrue(r.writeMBps() > 0 && r.readMBps() > 0, r.speeds()::toString);
        byte[] expected = new byte[(int) snapshot.bytes()];
        snapshot.view().get(expected);
        assertArrayEquals(expected, Files.readAllBytes(device), "each page lands at its place on the device");
        assertEquals("lz4", Files.readString(sysfs.resolve("comp_algorithm")));
        assertEquals(Long.toString(snapshot.bytes()), Files.readString(sysfs.resolve("disksize")));
        assertEquals("1", Files.readString(sysfs.resolve("reset")));
    }
}
