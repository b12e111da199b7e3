package dev.acomp.zswap.writeback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers write pages back, rewrite and invalidate them while readers read them, synchronously and
 * through the pool, with the engine's protocol: a new record is published before the old slot is freed,
 * and a read is stale when its entry is no longer the one it started from. Every read either returns
 * exactly its page or fails stale with a zeroed page.
 */
class WritebackStressTest {
    private static final int PAGE = AcompCodec.PAGE;
    private static final String[] DRIVERS = {"lz4-generic", "zstd-generic"};
    private static final int ENTRIES = 64;
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final int OPS = 1500;

    @TempDir
    Path dir;

    /** A written-back page: where it is and which generation it carries. */
    private record Entry(long slot, int length, int generation, int page) {
    }

    @Test
    void concurrentWritesReadsAndFreesNeverReturnWrongData() throws InterruptedException {
        List<byte[]> pages = AcompCodec.nonZeroMemoryPages().subList(0, 256);
        AtomicReferenceArray<Entry> entries = new AtomicReferenceArray<>(ENTRIES);
        AtomicInteger generations = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        LongAdder verified = new LongAdder();
        LongAdder stale = new LongAdder();
        LongAdder full = new LongAdder();

        // Small enough that writers run into a full file now and then.
        BackingFileConfig config = BackingFileConfig.builder(dir.resolve("wb.img")).maxSize(128 << 10).build();
        try (AcompCodec codec = new AcompCodec(DRIVERS); BackingFile file = BackingFile.create(config);
                WritebackReadPool pool = WritebackReadPool.create(file, codec, WritebackReadPoolConfig.builder()
                        .maxInFlight(8).build())) {
            // Every entry starts written back, so readers have work from their first operation.
            ByteBuffer firstScratch = codec.newScratch();
            ByteBuffer firstRecord = ByteBuffer.allocateDirect(WrittenBackRecord.recordLength(PAGE));
            for (int i = 0; i < ENTRIES; i++) {
                int generation = generations.incrementAndGet();
                codec.encode(DRIVERS[i % DRIVERS.length], AcompCodec.direct(pages.get(i)), generation, firstScratch,
                        firstRecord);
                entries.set(i, new Entry(file.write(firstRecord), file.recordLength(firstRecord.remaining()), generation, i));
            }
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    Random random = new Random(writer);
                    ByteBuffer scratch = codec.newScratch();
                    ByteBuffer record = ByteBuffer.allocateDirect(WrittenBackRecord.recordLength(PAGE));
                    for (int op = 0; op < OPS; op++) {
                        // Each writer owns the entries i % WRITERS == writer, as a cluster lock would.
                        int i = writer + WRITERS * random.nextInt(ENTRIES / WRITERS);
                        Entry old = entries.get(i);
                        if (old != null && random.nextInt(4) == 0) {
                            entries.set(i, null);
                            file.free(old.slot(), old.length());
                            continue;
                        }
                        int p = random.nextInt(pages.size());
                        int generation = generations.incrementAndGet();
                        codec.encode(DRIVERS[random.nextInt(DRIVERS.length)], AcompCodec.direct(pages.get(p)),
                                generation, scratch, record);
                        long slot;
                        try {
                            slot = file.write(record);
                        } catch (BackingFileFullException e) {
                            full.increment();
                            continue;
                        }
                        entries.set(i, new Entry(slot, file.recordLength(record.remaining()), generation, p));
                        if (old != null) {
                            file.free(old.slot(), old.length());
                        }
                    }
                }, "writer-" + w));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                threads.add(new Thread(() -> {
                    Random random = new Random(100 + reader);
                    List<CompletableFuture<Void>> reads = new ArrayList<>();
                    List<ByteBuffer> readPages = new ArrayList<>();
                    List<Entry> readEntries = new ArrayList<>();
                    for (int op = 0; op < OPS; op++) {
                        int i = random.nextInt(ENTRIES);
                        Entry e = entries.get(i);
                        if (e == null) {
                            continue;
                        }
                        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
                        ReadRequest request = new ReadRequest(e.slot(), e.length(), e.generation(), page,
                                () -> entries.get(i) != e);
                        if (op % 2 == 0) {
                            CompletableFuture<Void> done = new CompletableFuture<>();
                            try {
                                pool.read(request);
                                done.complete(null);
                            } catch (RuntimeException t) {
                                done.completeExceptionally(t);
                            }
                            check(done, page, e, pages, verified, stale, failures);
                        } else {
                            reads.add(pool.readAsync(request));
                            readPages.add(page);
                            readEntries.add(e);
                            if (reads.size() == 8) {
                                for (int k = 0; k < reads.size(); k++) {
                                    check(reads.get(k), readPages.get(k), readEntries.get(k), pages, verified, stale,
                                            failures);
                                }
                                reads.clear();
                                readPages.clear();
                                readEntries.clear();
                            }
                        }
                    }
                    for (int k = 0; k < reads.size(); k++) {
                        check(reads.get(k), readPages.get(k), readEntries.get(k), pages, verified, stale, failures);
                    }
                }, "reader-" + r));
            }
            for (Thread t : threads) {
                t.setUncaughtExceptionHandler((thread, e) -> failures.add(e));
                t.start();
            }
            for (Thread t : threads) {
                t.join(60_000);
            }

            assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
            assertTrue(verified.sum() > 500, "verified " + verified.sum());
            assertEquals(stale.sum(), pool.stats().wbReadStale());
            assertEquals(0, pool.stats().readErrors());
            System.out.printf("writeback stress: %d reads verified, %d stale, %d writes refused full%n",
                    verified.sum(), stale.sum(), full.sum());

            long onFile = 0;
            for (int i = 0; i < ENTRIES; i++) {
                Entry e = entries.get(i);
                if (e != null) {
                    onFile++;
                    file.free(e.slot(), e.length());
                }
            }
            assertTrue(onFile > 0);
            assertEquals(0, file.stats().bdCount());
            assertEquals(0, file.stats().sectorsInUse());
        }
    }

    private static void check(CompletableFuture<Void> read, ByteBuffer page, Entry e, List<byte[]> pages,
            LongAdder verified, LongAdder stale, ConcurrentLinkedQueue<Throwable> failures) {
        try {
            read.join();
            assertArrayEquals(pages.get(e.page()), CompressedWritebackTest.bytes(page), "entry " + e);
            verified.increment();
        } catch (CompletionException ce) {
            if (ce.getCause() instanceof StaleReadException) {
                assertArrayEquals(new byte[PAGE], CompressedWritebackTest.bytes(page), "stale page zeroed");
                stale.increment();
            } else {
                failures.add(ce.getCause());
            }
        } catch (AssertionError a) {
            failures.add(a);
        }
    }
}
