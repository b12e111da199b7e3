package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The readahead window adapts as the kernel's swap readahead does: it grows on a sequential pass, whose
 * readahead pages are used, falls to none on a random one, and grows again; the configured readahead caps it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadaheadTest {
    private final List<byte[]> pages = SharedData.pages(SharedData.memoryImage(), Regions.PAGE, true);

    /** Loads and readahead pages of one read-and-modify pass over every page, in {@code order}. */
    private long[] pass(CompressedMemory region, int[] order) {
        CompressedMemoryStats before = region.stats();
        ByteBuffer all = region.buffer(0, (int) region.size());
        long sink = 0;
        for (int p : order) {
            for (int i = p * Regions.PAGE; i < (p + 1) * Regions.PAGE; i += Long.BYTES) {
                sink += all.getLong(i);
            }
            all.put(p * Regions.PAGE + 5, (byte) ~all.get(p * Regions.PAGE + 5));
        }
        CompressedMemoryStats after = region.stats();
        assertTrue(sink != 42 || after.faults() >= 0); // keeps the reads
        return new long[] {after.loads() - before.loads(), after.readaheadPages() - before.readaheadPages()};
    }

    private int[] sequential() {
        int[] order = new int[pages.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    private int[] random() {
        int[] order = sequential();
        SplittableRandom r = new SplittableRandom(14);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private CompressedMemory filled(int readahead) {
        long size = Regions.sizeFor(pages);
        CompressedMemory region = Regions.open(Regions.config(size, size / 10).readaheadPages(readahead).build());
        Regions.write(region, pages, 0, 1);
        return region;
    }

    @Test
    void theWindowGrowsOnASequentialPassFallsToNoneOnARandomOneAndGrowsAgain() {
        try (CompressedMemory region = filled(7)) {
            long[] seq = pass(region, sequential());
            assertTrue(seq[1] >= 4 * seq[0], "sequential: " + seq[0] + " loads, " + seq[1] + " readahead pages");
            long[] random = pass(region, random());
            assertTrue(random[0] > pages.size() / 2 && random[1] <= random[0] / 50,
                    "random: " + random[0] + " loads, " + random[1] + " readahead pages");
            long[] again = pass(region, sequential());
            assertTrue(again[1] >= 4 * again[0], "sequential again: " + again[0] + " loads, " + again[1]
                    + " readahead pages");
        }
    }

    @Test
    void theConfiguredReadaheadIsTheWindowsCeiling() {
        try (CompressedMemory region = filled(3)) {
            long[] seq = pass(region, sequential());
            assertTrue(seq[1] >= 2 * seq[0] && seq[1] <= 3 * seq[0], seq[0] + " loads, " + seq[1] + " readahead");
        }
        try (CompressedMemory region = filled(0)) {
            assertEquals(0, pass(region, sequential())[1]);
        }
    }
}
