package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.testing.FakeDriver;
import dev.acomp.testing.SharedData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Eviction in requests of the transform's batch size, on a deflate driver that batches 8 pages. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchedEvictionTest {
    private static final int BATCH = 8;
    private static final int EVICTION_THREADS = 2;

    private static FakeDriver deflateBatching() {
        return FakeDriver.builder().name("deflate-b8").algorithm("deflate").maxBatchSize(BATCH)
                .codec(FakeDriver.Codec.DEFLATE).build();
    }

    private static CompressedMemory region(FakeDriver driver, long size) {
        return Regions.open(Regions.config(size, size / 10).registry(AcompRegistry.of(List.of(driver)))
                .compressor(driver.name()).evictionThreads(EVICTION_THREADS).build());
    }

    @Test
    void pagesGoToTheCompressorEightPerRequestThroughOneRequestPerEvictionThread() throws Exception {
        FakeDriver driver = deflateBatching();
        List<byte[]> pages = SharedData.pages(SharedData.memoryImage(), Regions.PAGE, true);
        try (CompressedMemory region = region(driver, Regions.sizeFor(pages))) {
            Regions.write(region, pages, 0, 1);
            assertEquals(-1, Regions.firstMismatch(region, pages, 0, 1, 1));
            CompressedMemoryStats s = region.stats();
            assertTrue(s.evictions() > pages.size() / 2 && s.loads() > 0, s.toString());
            List<Integer> units = driver.unitsPerSubmission;
            long full = units.stream().filter(u -> u == BATCH).count();
            assertEquals(BATCH, driver.largestBatch(), units.size() + " submissions");
            // A group's dirty pages of data (not zeros) fill whole requests but for its last one.
            assertTrue(full * BATCH >= units.stream().mapToInt(Integer::intValue).sum() * 3 / 4,
                    full + " full requests of " + units.size());
            assertEquals(EVICTION_THREADS, driver.requestsMade.get(), "requests are reused, never made per page");
        }
        assertEquals(0, driver.openRequests.get());
    }

    @Test
    void aPageTheCompressorFailsOnStaysResidentAsACountedReject() throws Exception {
        FakeDriver driver = deflateBatching();
        List<byte[]> pages = SharedData.pages(SharedData.memoryImage(), Regions.PAGE, true);
        // The pages whose first word is 255 (55 of the image's 4096) fail; their batches' other pages are stored.
        driver.failCompressionOf = src -> src.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(src.position()) == 255;
        try (CompressedMemory region = region(driver, Regions.sizeFor(pages))) {
            Regions.write(region, pages, 0, 1);
            assertEquals(-1, Regions.firstMismatch(region, pages, 0, 1, 1));
            CompressedMemoryStats s = region.stats();
            assertTrue(s.rejects() >= 55 && s.evictions() > pages.size() / 2, s.toString());
        }
    }
}
