package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real pages (the memory image) compressed through the acomp API, written back as records, read back. */
class CompressedWritebackTest {
    private static final int PAGE = AcompCodec.PAGE;
    private static List<byte[]> pages;

    @TempDir
    Path dir;

    /** Where one page went. */
    private record Written(int page, long slot, int length, int generation) {
    }

    @BeforeAll
    static void loadPages() {
        pages = AcompCodec.nonZeroMemoryPages();
        assertTrue(pages.size() > 1000, "memory image has " + pages.size() + " non-zero pages");
    }

    private BackingFile newFile() {
        return BackingFile.create(BackingFileConfig.builder(dir.resolve("wb.img")).maxSize(32L << 20).build());
    }

    private static List<Written> writeBack(AcompCodec codec, String driver, BackingFile file) {
        ByteBuffer scratch = codec.newScratch();
        ByteBuffer record = ByteBuffer.allocateDirect(WrittenBackRecord.recordLength(PAGE));
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        List<Written> written = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            page.clear().put(pages.get(i)).flip();
            int generation = 1000 + i;
            codec.encode(driver, page, generation, scratch, record);
            written.add(new Written(i, file.write(record), file.recordLength(record.remaining()), generation));
        }
        return written;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4-generic", "zstd-generic"})
    void memoryImagePagesRoundTripByteExactThroughRecords(String driver) {
        try (AcompCodec codec = new AcompCodec(driver); BackingFile file = newFile();
                WritebackReadPool pool = WritebackReadPool.create(file, codec, WritebackReadPoolConfig.defaults())) {
            List<Written> written = writeBack(codec, driver, file);

            long recordBytes = 0;
            long sectors = 0;
            for (Written w : written) {
                recordBytes += w.length();
                sectors += file.sectorsFor(w.length());
            }
            WritebackStats stats = file.stats();
            assertEquals(pages.size(), stats.bdCount());
            assertEquals(recordBytes, stats.bytesWritten());
            assertEquals(sectors, stats.sectorsInUse());
            // On file: the compressed bytes plus a header each, rounded up to whole sectors.
            long payload = recordBytes - (long) WrittenBackRecord.HEADER_BYTES * pages.size();
            assertTrue(stats.bytesInUse() >= recordBytes
                    && stats.bytesInUse() < recordBytes + (long) pages.size() * file.sectorSize(), stats.toString());
            assertTrue(payload < (long) pages.size() * PAGE, driver + " kept " + payload + " bytes of "
                    + pages.size() + " pages");

            // Every other page synchronously on this thread, the rest through the worker pool.
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            List<ByteBuffer> asyncPages = new ArrayList<>();
            ByteBuffer syncPage = ByteBuffer.allocateDirect(PAGE);
            for (Written w : written) {
                if (w.page() % 2 == 0) {
                    pool.read(new ReadRequest(w.slot(), w.length(), w.generation(), syncPage.clear(), () -> false));
                    assertArrayEquals(pages.get(w.page()), bytes(syncPage), "page " + w.page());
                } else {
                    ByteBuffer p = ByteBuffer.allocateDirect(PAGE);
                    asyncPages.add(p);
                    reads.add(pool.readAsync(new ReadRequest(w.slot(), w.length(), w.generation(), p, () -> false)));
                }
            }
            CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).join();
            for (int i = 0; i < asyncPages.size(); i++) {
                assertArrayEquals(pages.get(2 * i + 1), bytes(asyncPages.get(i)), "page " + (2 * i + 1));
            }
            assertEquals(pages.size(), pool.stats().bdReads());
            assertEquals(0, pool.stats().readErrors());

            for (Written w : written) {
                file.free(w.slot(), w.length());
            }
            assertEquals(0, file.stats().bdCount());
            assertEquals(0, file.stats().sectorsInUse());
        }
    }

    /** The figure for the report: lz4 records on file against raw writeback of the same pages. Not asserted. */
    @Test
    void reportsLz4BytesOnFileAgainstRawWriteback() {
        try (AcompCodec codec = new AcompCodec("lz4-generic"); BackingFile file = newFile()) {
            writeBack(codec, "lz4-generic", file);
            WritebackStats stats = file.stats();
            long raw = (long) pages.size() * PAGE;
            System.out.printf("writeback figure: %d non-zero pages of the 16 MiB image; lz4 records %d bytes written,"
                    + " %d bytes on file in %d-byte sectors (%.1f%% of raw); raw writeback %d bytes%n",
                    pages.size(), stats.bytesWritten(), stats.bytesInUse(), stats.sectorSize(),
                    100.0 * stats.bytesInUse() / raw, raw);
            assertEquals(pages.size(), stats.bdCount());
        }
    }

    static byte[] bytes(ByteBuffer page) {
        byte[] b = new byte[page.remaining()];
        page.duplicate().get(b);
        return b;
    }
}
