package dev.acomp.cli.run;

import static dev.acomp.zswap.ZswapCounter.BACKING_FILE_BYTES_WRITTEN;
import static dev.acomp.zswap.ZswapCounter.BD_READS;
import static dev.acomp.zswap.ZswapCounter.POOL_LIMIT_HIT;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.ProgressBar;
import dev.acomp.testing.FakeDriver;
import dev.acomp.testing.SharedData;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineRunTest {
    private static final AcompRegistry REGISTRY = AcompRegistry.load();

    static RunResult run(RunSettings settings, PageSnapshot snapshot) {
        EngineRun run = new EngineRun(settings, snapshot);
        return run.run(new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), "test", run.progressUnits(),
                false));
    }

    private static PageSnapshot file(String name) {
        Path path = SharedData.corpusFiles().stream().filter(p -> p.getFileName().toString().equals(name))
                .findFirst().orElseThrow();
        return PageSources.open(path.toString(), note -> { });
    }

    private static final String TRAILING_ZEROS = "trailing-zeros";

    /** A registry of one driver that drops trailing zeros, flipping byte 0 of every page it restores if told. */
    private static AcompRegistry trailingZeros(boolean corrupt) {
        FakeDriver driver = FakeDriver.builder().name(TRAILING_ZEROS).algorithm(TRAILING_ZEROS).priority(1)
                .codec(FakeDriver.Codec.TRAILING_ZEROS).build();
        if (corrupt) {
            driver.corruptDecompressions(n -> true, 0);
        }
        return AcompRegistry.of(List.of(driver));
    }

    /** Pages of random bytes followed by zeros: what the trailing-zeros driver compresses. */
    private static PageSnapshot halfRandomPages(int pages) {
        ByteBuffer b = PageSource.allocatePages(pages);
        byte[] half = new byte[PageSnapshot.PAGE_SIZE / 2];
        SplittableRandom random = new SplittableRandom(3);
        for (int p = 0; p < pages; p++) {
            random.nextBytes(half);
            b.position(p * PageSnapshot.PAGE_SIZE);
            b.put(half);
        }
        return new PageSnapshot("half-random pages", b.clear(), i -> "page " + i);
    }

    @Test
    void corpusFileComesBackIntactThroughTwoThreadsInRandomOrder() {
        PageSnapshot book1 = file("book1");
        RunResult r = run(RunSettings.builder(REGISTRY).threads(2).access(AccessPattern.RANDOM).loads(1000).build(),
                book1);

        assertTrue(r.verified(), r.firstProblem());
        assertEquals(book1.pageCount(), r.pages());
        assertEquals(book1.pageCount(), r.sweptPages());
        assertEquals(1000, r.engineLoads());
        assertEquals(book1.pageCount(), r.stored().get(STORED_PAGES));
        assertEquals(0, r.rejectedPages());
        // Latencies and speeds are of the steady passes; the cold first pass is reported beside them.
        assertEquals(RunSettings.DEFAULT_PASSES, r.speeds().passes());
        assertEquals(RunSettings.DEFAULT_PASSES * 1000L, r.loadLatency().count());
        assertEquals(RunSettings.DEFAULT_PASSES * (long) book1.pageCount(), r.storeLatency().count());
        assertTrue(r.storeMBps() > 0 && r.loadMBps() > 0 && r.speeds().coldStoreMBps() > 0
                && r.speeds().coldLoadMBps() > 0, r.speeds().toString());
        // Two threads' CPU time in a pass is more than none and at most twice the pass's wall time.
        double storeWallMicros = PageSnapshot.PAGE_SIZE / r.storeMBps();
        double loadWallMicros = PageSnapshot.PAGE_SIZE / r.loadMBps();
        assertTrue(r.speeds().storeCpuMicros() > 0 && r.speeds().storeCpuMicros() <= 2 * storeWallMicros * 1.001,
                r.speeds().toString());
        assertTrue(r.speeds().loadCpuMicros() > 0 && r.speeds().loadCpuMicros() <= 2 * loadWallMicros * 1.001,
                r.speeds().toString());
        assertTrue(r.compressionRatio() > 1.1 && r.compressionRatio() < 4, "lz4 on 4 KiB pages of English text: "
                + r.compressionRatio());
        assertTrue(r.driver().startsWith("lz4"), r.driver());
    }

    @Test
    void memoryImageWithAQuarterPoolLimitHitsTheLimitAndStillVerifiesEveryPage() {
        PageSnapshot image = PageSources.open(SharedData.memoryImage().toString(), note -> { });
        RunResult r = run(RunSettings.builder(REGISTRY).compressor("lz4").poolLimit(PoolLimit.parse("25%"))
                .access(AccessPattern.ZIPF).build(), image);

        assertTrue(r.verified(), r.firstProblem());
        assertEquals(4096, r.pages());
        assertEquals(4096, r.sweptPages());
        assertEquals(4L << 20, r.poolLimitBytes());
        assertTrue(r.stored().get(POOL_LIMIT_HIT) > 0, "pool_limit_hit");
        // One thread's CPU time in a pass is at most the pass's wall time.
        assertTrue(r.speeds().storeCpuMicros() > 0
                && r.speeds().storeCpuMicros() <= PageSnapshot.PAGE_SIZE / r.storeMBps() * 1.001, r.speeds().toString());
        // Over the limit, pages are written back (and read back from the backing file by the loads).
        assertTrue(r.atEnd().get(WRITTEN_BACK_PAGES) > 0, "written_back_pages");
        assertTrue(r.atEnd().get(BACKING_FILE_BYTES_WRITTEN) > 0, "backing file bytes written");
        assertTrue(r.atEnd().get(BD_READS) > 0, "bd_reads");
        assertTrue(r.backingFile() != null && !Files.exists(Path.of(r.backingFile())),
                "the temporary backing file is gone after the run");
        // A page the engine rejected would be kept by the caller: either way none is lost.
        assertEquals(4096, r.stored().get(STORED_PAGES) + r.rejectedPages());
        assertTrue(r.stored().get(SAME_FILLED_PAGES) > 0, "the image has zero pages");
    }

    @Test
    void aDriverThatCorruptsPagesIsCaught() {
        PageSnapshot pages = halfRandomPages(64);
        RunResult good = run(RunSettings.builder(trailingZeros(false)).compressor(TRAILING_ZEROS).build(), pages);
        RunResult bad = run(RunSettings.builder(trailingZeros(true)).compressor(TRAILING_ZEROS).build(), pages);

        assertTrue(good.verified(), good.firstProblem());
        assertTrue(good.compressionRatio() > 1.9, "half of every page dropped: " + good.compressionRatio());
        assertFalse(bad.verified());
        int passes = 1 + bad.speeds().warmups() + bad.speeds().passes();
        assertEquals(passes * 64 + 64, bad.mismatches(), "every load of every pass, and every swept page");
        assertTrue(bad.firstProblem().contains("differs after its round trip, from byte 0"), bad.firstProblem());
    }

    @Test
    void anEmptySourceIsRefused() {
        PageSnapshot none = new PageSnapshot("nothing", PageSource.allocatePages(0), i -> "");
        assertThrows(IllegalArgumentException.class, () -> new EngineRun(RunSettings.builder(REGISTRY).build(), none));
    }
}
