package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** deflate-iaa on the QPL simulator: pages evicted 8 per request, decompressed by the fault threads' zlib. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeflateIaaQplSimulatorTest {
    @BeforeAll
    static void needsTheSimulator() {
        String library = System.getProperty("acomp.qpl.library");
        assumeTrue(library != null && Files.exists(Path.of(library)), "no QPL simulator at " + library);
    }

    @Test
    void theMemoryImageComesBackThroughDeflateIaaBatches() throws Exception {
        List<byte[]> pages = SharedData.pages(SharedData.memoryImage(), Regions.PAGE, true);
        long size = Regions.sizeFor(pages);
        try (CompressedMemory region = Regions.open(Regions.config(size, size / 10).compressor("deflate-iaa")
                .build())) {
            assertEquals("deflate-iaa", region.driver());
            Regions.write(region, pages, 0, 1);
            for (int stride : new int[] {1, 7919}) {
                assertEquals(-1, Regions.firstMismatch(region, pages, 0, 1, stride), "stride " + stride);
            }
            CompressedMemoryStats s = region.stats();
            assertTrue(s.evictions() > pages.size() / 2 && s.loads() > 0, s.toString());
            assertEquals(0, s.loadFailures() + s.rejects(), s.toString());
        }
    }
}
