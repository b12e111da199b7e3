package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What goes wrong, each with its defined behaviour. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureCasesTest {
    private static final long SIZE = 16L << 20;
    private static final int PAGES = (int) (SIZE / Regions.PAGE);

    /** Page i holds i + 1 in its first and a fixed mark in a later word: not zeros, compressible. */
    private static void fill(ByteBuffer all) {
        for (int i = 0; i < PAGES; i++) {
            all.putLong(i * Regions.PAGE, i + 1);
            all.putLong(i * Regions.PAGE + 800, 0x5a5a5a5aL);
        }
    }

    /** Waits until eviction took the resident pages under the limit. */
    private static void settle(CompressedMemory region) throws InterruptedException {
        while (region.stats().residentBytes() > region.config().residentLimitBytes()) {
            Thread.sleep(5);
        }
    }

    @Test
    void aPageThatCannotBeDecompressedIsPoisonedNeverZeroed() throws Exception {
        try (CompressedMemory region = Regions.open(Regions.config(SIZE, SIZE / 10).build())) {
            ByteBuffer all = region.buffer(0, (int) SIZE);
            fill(all);
            settle(region);
            int bad = 0;
            while (!region.damageCopy(bad)) {
                bad++;
            }
            int page = bad;
            InternalError e = readPoisoned(all, page);
            assertTrue(e != null && e.getMessage().contains("unsafe memory access"), String.valueOf(e));
            assertTrue(readPoisoned(all, page) != null, "poisoned until closed");
            assertEquals(1, region.stats().loadFailures());
            for (int i = 0; i < PAGES; i++) {
                if (i != page) {
                    assertEquals(i + 1, all.getLong(i * Regions.PAGE), "page " + i);
                }
            }
        }
    }

    /**
     * The error of reading the page, in a thread of its own: HotSpot raises the InternalError of a SIGBUS at a
     * later check of the thread, not at the read (the sleeps, thread state transitions, make it due), and one
     * raised late must not escape into the test's thread. The values read are kept: an unused load is one the
     * JIT may drop.
     */
    private static InternalError readPoisoned(ByteBuffer all, int page) throws InterruptedException {
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicLong read = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                // HotSpot raises the SIGBUS of an unsafe access as an asynchronous InternalError, delivered at
                // a later poll: read on until it comes, or for 5 s.
                for (int k = 0; k < 5000; k++) {
                    read.addAndGet(all.getLong(page * Regions.PAGE));
                    Thread.sleep(1);
                }
            } catch (Throwable e) {
                error.compareAndSet(null, e);
            }
        });
        reader.start();
        reader.join(10_000);
        return error.get() instanceof InternalError e ? e : null;
    }

    @Test
    void closeWhileAThreadReadsGivesItAnErrorNeverData() throws Exception {
        CompressedMemory region = Regions.open(Regions.config(SIZE, SIZE / 10).build());
        ByteBuffer all = region.buffer(0, (int) SIZE);
        fill(all);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                for (long k = 0;; k++) {
                    int i = (int) (k * 7919 % PAGES);
                    long v = all.getLong(i * Regions.PAGE);
                    if (v != i + 1) {
                        wrong.set("page " + i + " read " + v);
                        return;
                    }
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        reader.start();
        Thread.sleep(200);
        region.close();
        reader.join(10_000);
        assertFalse(reader.isAlive(), "the reader is still blocked after close");
        assertEquals(null, wrong.get());
        assertTrue(ended.get() instanceof InternalError, String.valueOf(ended.get()));
        assertTrue(readPoisoned(all, 0) != null, "a buffer of a closed region reads no data");
        assertThrows(IllegalStateException.class, () -> region.buffer(0, 1));
    }

    @Test
    void aStoreBudgetTooSmallKeepsPagesResidentAsCountedRejects() throws Exception {
        long budget = 64 * 1024;
        // Four evictors commit at once: the budget holds across them, not only within one.
        try (CompressedMemory region = Regions.open(
                Regions.config(SIZE, SIZE / 10).evictionThreads(4).storeBudgetBytes(budget).build())) {
            ByteBuffer all = region.buffer(0, (int) SIZE);
            fill(all);
            for (int i = 0; i < PAGES; i++) {
                assertEquals(i + 1, all.getLong(i * Regions.PAGE), "page " + i);
            }
            CompressedMemoryStats s = region.stats();
            assertTrue(s.rejects() > 0, s.toString());
            assertTrue(s.storedBytes() <= budget, s.toString());
            assertTrue(s.residentBytes() > region.config().residentLimitBytes(), "over the limit, not lost: " + s);
        }
    }

    @Test
    void aForkedChildDoesNotInheritTheRegion() throws Exception {
        try (CompressedMemory region = Regions.open(Regions.config(SIZE, SIZE / 10).build())) {
            String start = Long.toHexString(region.address());
            List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
            int at = 0;
            while (!smaps.get(at).startsWith(start + "-")) {
                at++;
            }
            while (!smaps.get(at).startsWith("VmFlags:")) {
                at++;
            }
            // dc: MADV_DONTFORK. A child would otherwise see the region unregistered: evicted pages as zeros.
            assertTrue(List.of(smaps.get(at).split(" ")).contains("dc"), smaps.get(at));
        }
    }

    @Test
    void aCompressorTheFaultThreadsCannotReadIsRefused() {
        var fake = dev.acomp.testing.FakeDriver.builder().name("lz77-fake").algorithm("lz77").build();
        var registry = dev.acomp.api.AcompRegistry.of(List.of(fake));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressedMemory.create(
                Regions.config(SIZE, SIZE / 10).registry(registry).compressor("lz77").build()));
        assertTrue(e.getMessage().contains("lz77"), e.getMessage());
    }
}
