package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.HookedChannel;
import dev.acomp.zswap.writeback.BackingFileIoException.Operation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackReadPoolTest {
    private static final int PAGE = AcompCodec.PAGE;
    private static final String DRIVER = "lz4-generic";
    private static List<byte[]> pages;

    @TempDir
    Path dir;

    private AcompCodec codec;
    private final HookedChannel.Hooks hooks = new HookedChannel.Hooks();
    private BackingFile file;
    private final List<Long> slots = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();

    @BeforeAll
    static void loadPages() {
        pages = AcompCodec.nonZeroMemoryPages().subList(0, 64);
    }

    @BeforeEach
    void writeSomePages() {
        codec = new AcompCodec(DRIVER);
        file = BackingFile.create(BackingFileConfig.builder(dir.resolve("wb.img")).channelDecorator(hooks::wrap)
                .build());
        ByteBuffer scratch = codec.newScratch();
        ByteBuffer record = ByteBuffer.allocateDirect(WrittenBackRecord.recordLength(PAGE));
        for (int i = 0; i < pages.size(); i++) {
            codec.encode(DRIVER, AcompCodec.direct(pages.get(i)), i, scratch, record);
            lengths.add(file.recordLength(record.remaining()));
            slots.add(file.write(record));
        }
    }

    @AfterEach
    void close() {
        file.close();
        codec.close();
    }

    private WritebackReadPool pool(Decompressor decompressor, int maxInFlight) {
        return WritebackReadPool.create(file, decompressor, WritebackReadPoolConfig.builder().name("test-wb")
                .maxInFlight(maxInFlight).build());
    }

    private ReadRequest request(int i, ByteBuffer page, StalenessCheck check) {
        return new ReadRequest(slots.get(i), lengths.get(i), i, page, check);
    }

    /** A page full of garbage, so that zeroing shows. */
    private static ByteBuffer dirtyPage() {
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        while (page.hasRemaining()) {
            page.put((byte) 0x5a);
        }
        return page.flip();
    }

    private static boolean isZero(ByteBuffer page) {
        for (int i = page.position(); i < page.limit(); i++) {
            if (page.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Throwable failure(CompletableFuture<Void> read) {
        CompletionException e = assertThrows(CompletionException.class, read::join);
        return e.getCause();
    }

    @Test
    void asyncReadDecompressesOnAWorkerNotOnTheIoThread() {
        AtomicReference<Thread> ioThread = new AtomicReference<>();
        AtomicReference<Thread> decompressThread = new AtomicReference<>();
        hooks.afterRead = offset -> ioThread.set(Thread.currentThread());
        try (WritebackReadPool pool = pool((c, id, p) -> {
            decompressThread.set(Thread.currentThread());
            return codec.decompress(c, id, p);
        }, 4)) {
            ByteBuffer page = dirtyPage();
            pool.readAsync(request(3, page, () -> false)).join();
            assertArrayEquals(pages.get(3), CompressedWritebackTest.bytes(page));
            assertTrue(ioThread.get().getName().startsWith("test-wb-io-"), ioThread.get().getName());
            assertTrue(decompressThread.get().getName().startsWith("test-wb-decompress-"),
                    decompressThread.get().getName());
            assertTrue(ioThread.get().isDaemon() && decompressThread.get().isDaemon());
        }
    }

    @Test
    void syncReadRunsOnTheCaller() {
        AtomicReference<Thread> decompressThread = new AtomicReference<>();
        try (WritebackReadPool pool = pool((c, id, p) -> {
            decompressThread.set(Thread.currentThread());
            return codec.decompress(c, id, p);
        }, 4)) {
            ByteBuffer page = dirtyPage();
            pool.read(request(5, page, () -> false));
            assertArrayEquals(pages.get(5), CompressedWritebackTest.bytes(page));
            assertEquals(Thread.currentThread(), decompressThread.get());
        }
    }

    /** The generation changes while the IO is held at a latch: the read must not hand out what it read. */
    @Test
    void slotChangedWhileTheReadWasInFlightFailsStaleWithAZeroedPage() throws InterruptedException {
        CountDownLatch ioDone = new CountDownLatch(1);
        CountDownLatch generationChanged = new CountDownLatch(1);
        hooks.afterRead = offset -> {
            ioDone.countDown();
            await(generationChanged);
        };
        AtomicInteger decompressions = new AtomicInteger();
        try (WritebackReadPool pool = pool((c, id, p) -> {
            decompressions.incrementAndGet();
            return codec.decompress(c, id, p);
        }, 4)) {
            AtomicLong generation = new AtomicLong(7);
            long captured = generation.get();
            ByteBuffer page = dirtyPage();
            CompletableFuture<Void> read = pool.readAsync(request(7, page, () -> generation.get() != captured));
            assertTrue(ioDone.await(10, TimeUnit.SECONDS));
            generation.incrementAndGet();
            generationChanged.countDown();

            StaleReadException e = assertInstanceOf(StaleReadException.class, failure(read));
            assertEquals(slots.get(7), e.slot());
            assertTrue(isZero(page), "stale page zeroed");
            assertEquals(0, decompressions.get(), "stale bytes never decompressed");
            assertEquals(1, pool.stats().wbReadStale());
            assertEquals(0, pool.stats().readErrors());
        }
    }

    @Test
    void staleSyncReadFailsTooAndCounts() {
        try (WritebackReadPool pool = pool(codec, 4)) {
            ByteBuffer page = dirtyPage();
            assertThrows(StaleReadException.class, () -> pool.read(request(1, page, () -> true)));
            assertTrue(isZero(page));
            assertEquals(1, pool.stats().wbReadStale());
        }
    }

    @Test
    void readIoErrorFailsTypedWithAZeroedPage() {
        long slot = slots.get(9);
        hooks.beforeRead = offset -> {
            if (offset == slot * 512) {
                throw new IOException("injected: medium error");
            }
        };
        try (WritebackReadPool pool = pool(codec, 4)) {
            ByteBuffer page = dirtyPage();
            BackingFileIoException e = assertInstanceOf(BackingFileIoException.class,
                    failure(pool.readAsync(request(9, page, () -> false))));
            assertEquals(Operation.READ, e.operation());
            assertEquals(slot, e.slot());
            assertTrue(isZero(page));

            ByteBuffer syncPage = dirtyPage();
            assertThrows(BackingFileIoException.class, () -> pool.read(request(9, syncPage, () -> false)));
            assertTrue(isZero(syncPage));
            assertEquals(2, pool.stats().readErrors());

            ByteBuffer other = dirtyPage();
            pool.readAsync(request(10, other, () -> false)).join();
            assertArrayEquals(pages.get(10), CompressedWritebackTest.bytes(other), "the pool still reads");
        }
    }

    @Test
    void recordOfAnotherGenerationIsCorrupt() {
        try (WritebackReadPool pool = pool(codec, 4)) {
            ByteBuffer page = dirtyPage();
            ReadRequest wrong = new ReadRequest(slots.get(2), lengths.get(2), 3, page, () -> false);
            CorruptRecordException e = assertInstanceOf(CorruptRecordException.class, failure(pool.readAsync(wrong)));
            assertTrue(e.getMessage().contains("generation 2, expected 3"), e.getMessage());
            assertTrue(isZero(page));
            assertEquals(1, pool.stats().readErrors());
        }
    }

    @Test
    void bytesThatAreNotARecordAreCorrupt() {
        ByteBuffer garbage = dirtyPage().limit(100);
        long slot = file.write(garbage);
        try (WritebackReadPool pool = pool(codec, 4)) {
            ByteBuffer page = dirtyPage();
            assertThrows(CorruptRecordException.class, () -> pool.read(new ReadRequest(slot, file.recordLength(100), 0,
                    page, () -> false)));
            assertTrue(isZero(page));
            assertEquals(1, pool.stats().wbReadCorrupt());
        }
    }

    @Test
    void decompressionThatDoesNotFillThePageIsADecompressionFailureNotCorruption() {
        try (WritebackReadPool pool = pool((c, id, p) -> codec.decompress(c, id, p) - 1, 4)) {
            ByteBuffer page = dirtyPage();
            assertInstanceOf(RecordDecompressionException.class,
                    failure(pool.readAsync(request(4, page, () -> false))));
            assertTrue(isZero(page));
            assertEquals(0, pool.stats().wbReadCorrupt(), "the record passed its check");
            assertEquals(1, pool.stats().readErrors());
        }
    }

    @Test
    void decompressorFailurePassesThroughTyped() {
        IllegalStateException boom = new IllegalStateException("codec context lost");
        try (WritebackReadPool pool = pool((c, id, p) -> {
            throw boom;
        }, 4)) {
            ByteBuffer page = dirtyPage();
            assertEquals(boom, failure(pool.readAsync(request(4, page, () -> false))));
            assertTrue(isZero(page));
        }
    }

    @Test
    void recordLongerThanThePoolTakesIsRefused() {
        try (WritebackReadPool pool = WritebackReadPool.create(file, codec,
                WritebackReadPoolConfig.builder().maxRecordLength(100).build())) {
            assertThrows(IllegalArgumentException.class, () -> pool.readAsync(new ReadRequest(0, 101, 0, dirtyPage(),
                    () -> false)));
        }
    }

    /** One read holds the only IO thread; the reads queued behind it fail as closed, it finishes. */
    @Test
    void closeFailsReadsNotStartedAndDrainsTheOneInFlight() throws Exception {
        CountDownLatch ioStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hooks.beforeRead = offset -> {
            ioStarted.countDown();
            await(release);
        };
        WritebackReadPool pool = pool(codec, 4);
        ByteBuffer first = dirtyPage();
        CompletableFuture<Void> inFlight = pool.readAsync(request(0, first, () -> false));
        assertTrue(ioStarted.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        List<ByteBuffer> queuedPages = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ByteBuffer p = dirtyPage();
            queuedPages.add(p);
            queued.add(pool.readAsync(request(i, p, () -> false)));
        }
        Thread closer = new Thread(pool::close, "closer");
        closer.start();
        for (int i = 0; i < queued.size(); i++) {
            assertInstanceOf(WritebackClosedException.class, failure(queued.get(i)));
            assertTrue(isZero(queuedPages.get(i)));
        }
        assertFalse(inFlight.isDone());
        release.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        inFlight.join();
        assertArrayEquals(pages.get(0), CompressedWritebackTest.bytes(first));

        ByteBuffer late = dirtyPage();
        assertInstanceOf(WritebackClosedException.class, failure(pool.readAsync(request(5, late, () -> false))));
        assertThrows(WritebackClosedException.class, () -> pool.read(request(5, late, () -> false)));
        assertTrue(isZero(late));
    }

    /** More reads than record buffers: each buffer is reused, and every page still comes back exact. */
    @Test
    void moreReadsThanRecordBuffersAllCompleteByteExact() {
        try (WritebackReadPool pool = pool(codec, 2)) {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            List<ByteBuffer> out = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                ByteBuffer p = dirtyPage();
                out.add(p);
                reads.add(pool.readAsync(request(i, p, () -> false)));
            }
            CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).join();
            for (int i = 0; i < pages.size(); i++) {
                assertArrayEquals(pages.get(i), CompressedWritebackTest.bytes(out.get(i)), "page " + i);
            }
        }
    }

    static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("test latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
