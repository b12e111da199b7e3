package dev.acomp.cli.zram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acomp.cli.run.Throughput;

import org.junit.jupiter.api.Test;

class ZramResultTest {
    @Test
    void effectiveRatiosAreWithAndWithoutTheSlotTable() {
        // 1024 pages (4 MiB) in 2 MiB of zsmalloc pages; the table adds 16 B for each of the 1024 slots.
        ZramMmStat m = new ZramMmStat(4L << 20, 1_900_000, 2L << 20, 0, 2L << 20, 0, 0, 0);
        ZramResult z = new ZramResult("/dev/zram0", "lz4", 1024, m, new Throughput(1, 1, 1, 1, 1, 0, 4, 2), 0, null);
        assertEquals(2.0, z.effectiveRatio(), 1e-12);
        assertEquals(16 * 1024, z.tableBytes());
        assertEquals((4.0 * (1 << 20)) / ((2 << 20) + 16 * 1024), z.effectiveRatioWithTable(), 1e-12);
    }
}
