package dev.acomp.cli.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** What every soak test asserts, and the engine create-and-close cycles. */
final class SoakChecks {
    /** Seconds of each CI soak; {@code -Dsoak.seconds=600} for the long run. */
    static final int SECONDS = Integer.getInteger("soak.seconds", 25);
    static final List<String> OPERATIONS = List.of("store", "load", "load_async", "invalidate",
            "shrink", "mark_idle", "writeback_idle", "writeback_huge", "writeback_cold", "compact",
            "switch_compressor");
    static final List<String> FILE_FAULTS = List.of("file_read_eio", "file_write_eio", "file_no_space",
            "file_short_writes", "file_bit_flips");

    private SoakChecks() {
    }

    /** Passed, with every operation and every fault of {@code faults} seen, and typed errors from both. */
    static void assertPassed(SoakResult r, List<String> faults) {
        System.out.print(r.report());
        assertEquals(0, r.wrong(), r.firstWrong());
        assertEquals(0, r.untyped(), r.firstUntyped());
        assertTrue(r.hangs().isEmpty(), r.hangs().toString());
        r.leftOver().forEach((k, v) -> assertEquals(0, v, k + " left over"));
        assertTrue(r.passed());
        for (String op : OPERATIONS) {
            assertTrue(r.operations().getOrDefault(op, 0L) > 0, "no " + op + ": " + r.operations());
        }
        for (String f : faults) {
            assertTrue(r.faults().getOrDefault(f, 0L) > 0, "no " + f + " injected: " + r.faults());
        }
        assertTrue(r.typedErrors().getOrDefault("BackingFileIoException", 0L) > 0, r.typedErrors().toString());
        assertTrue(r.typedErrors().getOrDefault("CorruptRecordException", 0L) > 0, r.typedErrors().toString());
        assertTrue(r.engine().get("written_back_pages") > 0);
    }

    /**
     * {@code cycles} engines of {@code driver} created, used (stores of every kind of page, writeback,
     * loads, a compressor switch) and closed leave no direct memory behind; returns what they left.
     */
    static long directBytesLeftByCycles(AcompRegistry registry, String driver, Path dir, int cycles) {
        ByteBuffer page = ByteBuffer.allocateDirect(SoakPages.PAGE_SIZE);
        for (int c = -10; c < cycles; c++) {
            if (c == 0) {
                baseline = Soak.directAfterGc(0);
            }
            try (ZswapEngine engine = ZswapEngine.create(ZswapConfig.builder().registry(registry).compressor(driver)
                    .contexts(2).memoryBudgetBytes(16L << 20).backingFile(dir.resolve("cycle.img"))
                    .backingFileBytes(1L << 20).build())) {
                long first = engine.allocateEntries(8);
                for (int i = 0; i < 8; i++) {
                    if (i == 4) {
                        engine.switchCompressor("lz4-generic");
                    }
                    SoakPages.fill(page.clear(), i, c);
                    assertTrue(engine.store(first + i, page, 1));
                }
                engine.writeback(Long.MAX_VALUE);
                for (int i = 0; i < 8; i++) {
                    engine.loadAsync(first + i, page.clear()).join();
                    assertTrue(SoakPages.matches(page.clear(), ByteBuffer.allocateDirect(SoakPages.PAGE_SIZE), i, c));
                }
            }
        }
        long left = Math.max(0, Soak.directAfterGc(baseline) - baseline);
        System.out.printf("%d engines of %s created and closed: %d direct bytes left (baseline %d)%n", cycles, driver,
                left, baseline);
        return left;
    }

    private static long baseline;
}
