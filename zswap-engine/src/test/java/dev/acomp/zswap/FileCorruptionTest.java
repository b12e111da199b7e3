package dev.acomp.zswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.testing.HookedChannel;
import dev.acomp.zswap.testing.TestPages;
import dev.acomp.zswap.writeback.CorruptRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Written-back records changed on the file (a failing disk, a stray writer, a restored snapshot): every
 * load gives the right page or a typed error, never wrong bytes, for every software driver, raw and
 * compressed records, encrypted or checksummed.
 */
class FileCorruptionTest {
    private static final String[] DRIVERS = {"lz4-generic", "zstd-generic", "deflate-generic"};
    private static final int BLOCK = 4096;
    /** Entries per allocation: the engine's default cluster size. */
    private static final int CLUSTER = 512;

    @TempDir
    Path dir;

    /** One record as the backing file wrote it. */
    private record Written(long offset, int length) {
    }

    /** What the loads of every page gave. */
    private record Outcome(int right, int typedError, int wrong) {
    }

    /** The ways a file is damaged. */
    enum Damage {
        HEADER_BIT, PAYLOAD_BIT, FIRST_BYTE, LAST_BYTE, ZEROED_BLOCK, SWAPPED_SAME_LENGTH
    }

    /** An engine with {@code pages} stored and every one written back, and the records it wrote. */
    private final class WrittenBack implements AutoCloseable {
        final ZswapEngine engine;
        final List<byte[]> pages;
        final long[] entries;
        final Path file = dir.resolve("swap-" + System.nanoTime());
        final List<Written> records = Collections.synchronizedList(new ArrayList<>());

        WrittenBack(String driver, boolean encrypted, List<byte[]> pages) {
            HookedChannel.Hooks hooks = new HookedChannel.Hooks();
            hooks.writeFilter = (offset, src) -> {
                records.add(new Written(offset, src.remaining()));
                return src.remaining();
            };
            this.engine = ZswapEngine.create(ZswapConfig.builder().compressor(driver).contexts(2)
                    .memoryBudgetBytes(1L << 30).backingFile(file).backingFileBytes(64L << 20)
                    .backingFileEncrypted(encrypted).backingFileDecorator(hooks::wrap).build());
            this.pages = pages;
            this.entries = new long[pages.size()];
            for (int k = 0; k < pages.size(); k++) {
                entries[k] = k % CLUSTER == 0 ? engine.allocateEntries(Math.min(CLUSTER, pages.size() - k))
                        : entries[k - 1] + 1;
                assertTrue(engine.store(entries[k], TestPages.folio(List.of(pages.get(k))), 1));
            }
            assertEquals(pages.size(), engine.writeback(Long.MAX_VALUE).pages(), "every page written back");
            assertEquals(pages.size(), records.size());
        }

        /** Loads every page, alternately with load and loadAsync; a typed error must zero the page. */
        Outcome loadAll() {
            int right = 0;
            int typed = 0;
            int wrong = 0;
            ByteBuffer page = ByteBuffer.allocateDirect(TestPages.PAGE);
            for (int k = 0; k < pages.size(); k++) {
                fill(page);
                try {
                    if (k % 2 == 0) {
                        engine.load(entries[k], page);
                    } else {
                        engine.loadAsync(entries[k], page).join();
                    }
                } catch (CorruptRecordException | CompletionException e) {
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    assertInstanceOf(CorruptRecordException.class, cause, "page " + k);
                    assertArrayEquals(new byte[TestPages.PAGE], TestPages.bytes(page), "zeroed, page " + k);
                    typed++;
                    continue;
                }
                if (page.mismatch(ByteBuffer.wrap(pages.get(k))) < 0) {
                    right++;
                } else {
                    wrong++;
                }
            }
            return new Outcome(right, typed, wrong);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    private static void fill(ByteBuffer page) {
        for (int i = 0; i < page.capacity(); i++) {
            page.put(i, (byte) 0x5a);
        }
    }

    private static void patch(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytesAt(Path file, long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.read(b, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.array();
    }

    private static void flipBit(Path file, long offset, int bit) {
        byte[] b = bytesAt(file, offset, 1);
        b[0] ^= (byte) (1 << bit);
        patch(file, offset, b);
    }

    /** Non-same-filled pages of the memory image (compressed records), or random pages (raw records). */
    private static List<byte[]> pages(boolean raw, int n) {
        if (raw) {
            List<byte[]> random = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                random.add(TestPages.random(1000 + i));
            }
            return random;
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : TestPages.memoryImage()) {
            if (!isSameFilled(p) && out.size() < n) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean isSameFilled(byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        for (int i = 8; i < p.length; i += 8) {
            if (b.getLong(i) != b.getLong(0)) {
                return false;
            }
        }
        return true;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Damage damage : Damage.values()) {
            for (boolean encrypted : new boolean[] {true, false}) {
                for (String driver : DRIVERS) {
                    cases.add(Arguments.of(damage, encrypted, driver, false));
                }
                cases.add(Arguments.of(damage, encrypted, "lz4-generic", true));
            }
        }
        return cases.stream();
    }

    /**
     * Damages some records in one way; exactly the entries of the damaged records fail, with a typed
     * error (sync and async), every other page loads right, and no page comes back wrong.
     */
    @ParameterizedTest(name = "{0}, encrypted {1}, {2}, raw {3}")
    @MethodSource("cases")
    void damagedRecordsFailTheirLoadsAndNoPageComesBackWrong(Damage damage, boolean encrypted, String driver,
            boolean raw) {
        try (WrittenBack wb = new WrittenBack(driver, encrypted, pages(raw, 192))) {
            Random random = new Random(damage.ordinal() * 31L + (encrypted ? 1 : 0) + driver.hashCode());
            BitSet damaged = damage(wb, damage, random);
            assertTrue(damaged.cardinality() > 0, "something was damaged");
            Outcome o = wb.loadAll();
            assertEquals(0, o.wrong(), "silently wrong pages");
            assertEquals(damaged.cardinality(), o.typedError(), "one typed error per damaged record");
            assertEquals(wb.pages.size() - damaged.cardinality(), o.right());
            assertEquals(damaged.cardinality(), wb.engine.stats().get(ZswapCounter.WB_READ_CORRUPT));
        }
    }

    /** Damages records of {@code wb}'s file; returns the indices (in {@code wb.records}) of those damaged. */
    private static BitSet damage(WrittenBack wb, Damage damage, Random random) {
        BitSet damaged = new BitSet();
        List<Written> records = wb.records;
        if (damage == Damage.SWAPPED_SAME_LENGTH) {
            Map<Integer, Integer> byLength = new HashMap<>();
            for (int r = 0; r < records.size(); r++) {
                Integer other = byLength.remove(records.get(r).length());
                if (other == null) {
                    byLength.put(records.get(r).length(), r);
                } else if (damaged.cardinality() < 16) {
                    Written a = records.get(other);
                    Written b = records.get(r);
                    byte[] bytesA = bytesAt(wb.file, a.offset(), a.length());
                    patch(wb.file, a.offset(), bytesAt(wb.file, b.offset(), b.length()));
                    patch(wb.file, b.offset(), bytesA);
                    damaged.set(other);
                    damaged.set(r);
                }
            }
            return damaged;
        }
        for (int r = 0; r < records.size(); r += 7) {
            Written w = records.get(r);
            int bit = random.nextInt(8);
            switch (damage) {
                case HEADER_BIT -> flipBit(wb.file, w.offset() + random.nextInt(16), bit);
                case PAYLOAD_BIT -> flipBit(wb.file, w.offset() + 16 + random.nextInt(w.length() - 16), bit);
                case FIRST_BYTE -> flipBit(wb.file, w.offset(), bit);
                case LAST_BYTE -> flipBit(wb.file, w.offset() + w.length() - 1, bit);
                case ZEROED_BLOCK -> {
                    long block = w.offset() / BLOCK * BLOCK;
                    patch(wb.file, block, new byte[BLOCK]);
                    for (int o = 0; o < records.size(); o++) {
                        Written x = records.get(o);
                        if (x.offset() < block + BLOCK && x.offset() + x.length() > block) {
                            damaged.set(o);
                        }
                    }
                }
                default -> throw new AssertionError(damage);
            }
            damaged.set(r);
        }
        return damaged;
    }

    /** A damaged entry is kept: every later load fails the same way, until it is invalidated. */
    @Test
    void aDamagedEntryKeepsFailingUntilInvalidated() {
        try (WrittenBack wb = new WrittenBack("lz4-generic", true, pages(false, 4))) {
            Written w = wb.records.get(0);
            flipBit(wb.file, w.offset() + 20, 3);
            ByteBuffer page = ByteBuffer.allocateDirect(TestPages.PAGE);
            Outcome o = wb.loadAll();
            assertEquals(new Outcome(3, 1, 0), o);
            assertThrows(CorruptRecordException.class, () -> wb.engine.load(wb.entries[0], page));
            CompletionException e = assertThrows(CompletionException.class,
                    () -> wb.engine.loadAsync(wb.entries[0], page).join());
            assertInstanceOf(CorruptRecordException.class, e.getCause());
            ZswapStats s = wb.engine.stats();
            assertEquals(3, s.get(ZswapCounter.WB_READ_CORRUPT));
            assertEquals(4, s.get(ZswapCounter.STORED_PAGES), "the entry is kept");
            assertEquals(4, s.get(ZswapCounter.BD_COUNT));
            assertTrue(wb.engine.invalidate(wb.entries[0]));
            assertEquals(3, wb.engine.stats().get(ZswapCounter.BD_COUNT), "its record freed");
            assertTrue(wb.engine.store(wb.entries[0], TestPages.folio(List.of(wb.pages.get(0))), 1));
            wb.engine.load(wb.entries[0], page);
            assertArrayEquals(wb.pages.get(0), TestPages.bytes(page), "stored again, it loads");
        }
    }

    /**
     * The table: 2048 pages of the memory image (random pages for the raw row), all written back,
     * 400 random single-bit flips anywhere in the file, every page loaded. Printed; 0 silently wrong.
     */
    @Test
    void randomBitFlipsAllOverTheFileTable() {
        StringBuilder table = new StringBuilder("| records | driver | right | typed error | silently wrong |\n"
                + "| --- | --- | --- | --- | --- |\n");
        int wrong = 0;
        for (boolean encrypted : new boolean[] {true, false}) {
            for (int d = 0; d <= DRIVERS.length; d++) {
                boolean raw = d == DRIVERS.length;
                String driver = raw ? "lz4-generic" : DRIVERS[d];
                try (WrittenBack wb = new WrittenBack(driver, encrypted, pages(raw, 2048))) {
                    long size = bytesEnd(wb.records);
                    Random random = new Random(12 + d);
                    for (int f = 0; f < 400; f++) {
                        flipBit(wb.file, (long) (random.nextDouble() * size), random.nextInt(8));
                    }
                    Outcome o = wb.loadAll();
                    wrong += o.wrong();
                    table.append(String.format("| %s | %s | %d | %d | %d |%n", encrypted ? "AES-GCM" : "CRC32C",
                            raw ? "lz4, pages stored raw" : driver, o.right(), o.typedError(), o.wrong()));
                }
            }
        }
        System.out.print(table);
        assertEquals(0, wrong, table.toString());
    }

    private static long bytesEnd(List<Written> records) {
        long end = 0;
        for (Written w : records) {
            end = Math.max(end, w.offset() + w.length());
        }
        return end;
    }
}
