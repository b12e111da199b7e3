package dev.acomp.cli.zram;

/**
 * The kernel's zram on a run's pages: what it held and how fast the pages went in and out of
 * {@code /dev/zramN} (direct I/O, so through zram itself and not the page cache). MB = 10^6 bytes.
 *
 * @param device the block device, e.g. /dev/zram0
 * @param algorithm zram's comp_algorithm
 * @param pages pages written and read back
 * @param mmStat mm_stat after every page was written
 * @param writeNanos time spent in writes
 * @param readNanos time spent in reads
 * @param mismatches pages that read back differently
 * @param firstMismatch the first such page, or null
 */
public record ZramResult(String device, String algorithm, int pages, ZramMmStat mmStat, long writeNanos,
        long readNanos, long mismatches, String firstMismatch) {
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

    public double writeMBps() {
        return writeNanos <= 0 ? 0 : originalBytes() * 1e3 / writeNanos;
    }

    public double readMBps() {
        return readNanos <= 0 ? 0 : originalBytes() * 1e3 / readNanos;
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
