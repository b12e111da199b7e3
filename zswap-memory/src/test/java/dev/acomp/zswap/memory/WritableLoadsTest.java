package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loads are mapped writable while nearly every loaded page gets written (saving its write-protect fault), and
 * write-protected again once loaded pages are only read (so that they drop clean, their copies kept).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WritableLoadsTest {
    private final List<byte[]> pages = SharedData.pages(SharedData.memoryImage(), Regions.PAGE, true);

    /**
     * One pass over every page in order, reading it whole and, if {@code modify}, flipping a byte of it. Returns
     * its write faults and clean drops.
     */
    private long[] pass(CompressedMemory region, boolean modify) {
        CompressedMemoryStats before = region.stats();
        ByteBuffer all = region.buffer(0, (int) region.size());
        long sink = 0;
        for (int p = 0; p < pages.size(); p++) {
            for (int i = p * Regions.PAGE; i < (p + 1) * Regions.PAGE; i += Long.BYTES) {
                sink += all.getLong(i);
            }
            if (modify) {
                all.put(p * Regions.PAGE + 9, (byte) ~all.get(p * Regions.PAGE + 9));
            }
        }
        CompressedMemoryStats after = region.stats();
        assertTrue(sink != 42 || after.faults() >= 0); // keeps the reads
        return new long[] {after.writeFaults() - before.writeFaults(), after.cleanDrops() - before.cleanDrops()};
    }

    @Test
    void writtenLoadsAreMappedWritableAndReadOnesWriteProtectedAgain() {
        long size = Regions.sizeFor(pages);
        try (CompressedMemory region = Regions.open(Regions.config(size, size / 10).build())) {
            Regions.write(region, pages, 0, 1);
            pass(region, true);
            long[] modify = pass(region, true);
            // Write-protected, nearly every page loaded (9 in 10) would write-fault; mapped writable, the sampled.
            assertTrue(modify[0] < pages.size() / 4, "read-and-modify pass: " + modify[0] + " write faults");
            pass(region, false);
            long[] reads = pass(region, false);
            assertTrue(reads[1] > pages.size() / 2, "read-only pass: " + reads[1] + " clean drops");
            // And every byte is what the two modifying passes left.
            ByteBuffer all = region.buffer(0, (int) size);
            for (int p = 0; p < pages.size(); p++) {
                byte[] got = new byte[Regions.PAGE];
                all.get(p * Regions.PAGE, got);
                assertEquals(ByteBuffer.wrap(pages.get(p)), ByteBuffer.wrap(got), "page " + p);
            }
        }
    }
}
