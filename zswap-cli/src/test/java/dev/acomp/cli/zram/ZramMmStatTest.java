package dev.acomp.cli.zram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.cli.run.Throughput;
import org.junit.jupiter.api.Test;

class ZramMmStatTest {
    @Test
    void parsesTheFieldsOfMmStat() {
        // mm_stat of a kernel with nine fields (huge_pages_since added in 5.15).
        ZramMmStat s = ZramMmStat.parse(" 16777216  8912345  9437184        0  9437184      312        0       17       17\n");
        assertEquals(16777216, s.origDataSize());
        assertEquals(8912345, s.comprDataSize());
        assertEquals(9437184, s.memUsedTotal());
        assertEquals(0, s.memLimit());
        assertEquals(9437184, s.memUsedMax());
        assertEquals(312, s.samePages());
        assertEquals(0, s.pagesCompacted());
        assertEquals(17, s.hugePages());
    }

    @Test
    void rejectsShortOrNonNumericText() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZramMmStat.parse("1 2 3"))
                .getMessage().contains("at least 8 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZramMmStat.parse("1 2 3 4 5 x 7 8"))
                .getMessage().contains("field 6"));
    }

    @Test
    void ratiosComeFromMmStat() {
        ZramResult r = new ZramResult("/dev/zram0", "lz4", 4096,
                ZramMmStat.parse("16777216 8388608 9000000 0 9000000 0 0 0"),
                new Throughput(16777.216, 33554.432, 8000, 9000, 5, 0, 0.5, 0.25), 0, null);
        assertEquals(2.0, r.compressionRatio(), 1e-9);
        assertEquals(16777216 / 9000000.0, r.effectiveRatio(), 1e-9);
        assertEquals(16777.216, r.writeMBps(), 1e-6);
        assertTrue(r.verified());
    }
}
