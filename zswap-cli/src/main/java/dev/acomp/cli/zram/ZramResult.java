package dev.acomp.cli.zram;

import dev.acomp.cli.run.Throughput;

/**
 * The kernel's zram on a run's pages: what it held and how fast the pages went in and out of
 * {@code /dev/zramN} (direct I/O, so through zram itself and not the page cache). MB = 10^6 bytes.
 *
 * @param device the block device, e.g. /dev/zram0
 * @param algorithm zram's comp_algorithm
 * @param pages pages written and read back
 * @param mmStat mm_stat after the last pass's writes
 * @param speeds write (store) and read (load) speed: the steady state, and the cold first pass
 * @param mismatches pages (of any pass) that read back differently
 * @param firstMismatch the first such page, or null
 */
public record ZramResult(String device, String algorithm, int pages, ZramMmStat mmStat, Throughput speeds,
        long mismatches, String firstMismatch) {
    /**
     * zram's metadata per slot, outside mem_used_total: a {@code struct zram_table_entry} (an 8-byte
     * handle and an 8-byte flags and size word), for every slot of the disksize, which is the pages'.
     */
    public static final int TABLE_BYTES_PER_SLOT = 16;

    public long originalBytes() {
        return (long) pages * KernelZram.PAGE_SIZE;
    }

    public boolean verified() {
        return mismatches == 0;
    }

    /** Steady-state write speed. */
    public double writeMBps() {
        return speeds.storeMBps();
    }

    /** Steady-state read speed. */
    public double readMBps() {
        return speeds.loadMBps();
    }

    /** orig_data_size over compr_data_size. */
    public double compressionRatio() {
        return mmStat.comprDataSize() == 0 ? 0 : (double) mmStat.origDataSize() / mmStat.comprDataSize();
    }

    /** The pages' bytes over mem_used_total, zram's slot table not counted (the kernel's own figure). */
    public double effectiveRatio() {
        return mmStat.memUsedTotal() == 0 ? 0 : (double) originalBytes() / mmStat.memUsedTotal();
    }

    /** Bytes of zram's slot table for the pages. */
    public long tableBytes() {
        return (long) pages * TABLE_BYTES_PER_SLOT;
    }

    /** The pages' bytes over mem_used_total plus the slot table: what the memory really bought. */
    public double effectiveRatioWithTable() {
        return mmStat.memUsedTotal() == 0 ? 0 : (double) originalBytes() / (mmStat.memUsedTotal() + tableBytes());
    }
}
