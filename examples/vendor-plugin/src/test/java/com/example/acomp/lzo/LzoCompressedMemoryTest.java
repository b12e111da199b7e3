package com.example.acomp.lzo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.zswap.memory.CompressedMemory;
import dev.acomp.zswap.memory.CompressedMemoryConfig;
import dev.acomp.zswap.memory.CompressedMemoryStats;
import dev.acomp.zswap.memory.UserfaultfdUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This plugin serving acomp's compressed memory: the region's evicted pages are compressed here, by
 * aircompressor, and decompressed by liblzo2 in the region's native fault threads, two implementations of LZO1X.
 * Needs userfaultfd (root, or vm.unprivileged_userfaultfd=1); skips with the reason where it is not permitted.
 */
class LzoCompressedMemoryTest {
    private static final int PAGE = CompressedMemoryConfig.PAGE_SIZE;
    private static final int SIZE = 4 << 20;

    @Test
    void aRegionUnderATenPercentLimitGivesBackEveryPage() throws IOException {
        byte[] content = realBytes(SIZE);
        CompressedMemoryConfig config = CompressedMemoryConfig.builder().sizeBytes(SIZE).residentLimitBytes(SIZE / 10)
                .compressor("lzo").build();
        try (CompressedMemory region = open(config)) {
            assertEquals(LzoDriver.NAME, region.driver());
            ByteBuffer all = region.buffer(0, SIZE);
            // Page by page, as a service writes its memory: one bulk put copies up to 1 MiB with no safepoint
            // check, so a safepoint requested meanwhile stops the (Java) evictors for the whole copy and each
            // of its faults waits out its 20 ms bound: the pages go over the limit and nothing is evicted.
            for (int i = 0; i < SIZE / PAGE; i++) {
                all.put(i * PAGE, content, i * PAGE, PAGE);
            }
            byte[] page = new byte[PAGE];
            byte[] want = new byte[PAGE];
            for (int k = 0; k < SIZE / PAGE; k++) {
                int i = (int) ((long) k * 7919 % (SIZE / PAGE));
                all.get(i * PAGE, page);
                System.arraycopy(content, i * PAGE, want, 0, PAGE);
                assertArrayEquals(want, page, "page " + i);
            }
            CompressedMemoryStats s = region.stats();
            assertTrue(s.evictions() > 0 && s.loads() > 0, s.toString());
            assertEquals(0, s.loadFailures(), s.toString());
        }
    }

    /** The region, or the test skipped with the reason userfaultfd is not permitted. */
    private static CompressedMemory open(CompressedMemoryConfig config) {
        try {
            return CompressedMemory.create(config);
        } catch (UserfaultfdUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw e;
        }
    }

    /** Bytes of a real file every JDK has: its module image (classes, strings and resources). */
    private static byte[] realBytes(int n) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "modules"))) {
            byte[] b = in.readNBytes(n);
            assertEquals(n, b.length);
            return b;
        }
    }
}
