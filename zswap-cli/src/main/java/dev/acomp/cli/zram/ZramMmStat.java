package dev.acomp.cli.zram;

/**
 * The first fields of {@code /sys/block/zramN/mm_stat} (the kernel's zram documentation), in bytes
 * except where said.
 *
 * @param origDataSize uncompressed bytes of the data stored (orig_data_size)
 * @param comprDataSize compressed bytes of it (compr_data_size)
 * @param memUsedTotal the allocator's memory holding it, fragmentation included (mem_used_total)
 * @param memLimit the memory limit, 0 for none (mem_limit)
 * @param memUsedMax the most memory used so far (mem_used_max)
 * @param samePages pages held as a fill value only (same_pages, a page count)
 * @param pagesCompacted pages freed by compaction (pages_compacted, a page count)
 * @param hugePages incompressible pages stored as is (huge_pages, a page count)
 */
public record ZramMmStat(long origDataSize, long comprDataSize, long memUsedTotal, long memLimit, long memUsedMax,
        long samePages, long pagesCompacted, long hugePages) {

    /** Parses the text of mm_stat: at least eight whitespace-separated numbers. */
    public static ZramMmStat parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 8) {
            throw new IllegalArgumentException("mm_stat needs at least 8 fields, got " + f.length + ": '"
                    + text.trim() + "'");
        }
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            try {
                v[i] = Long.parseLong(f[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mm_stat field " + (i + 1) + " is not a number: '" + f[i] + "'", e);
            }
        }
        return new ZramMmStat(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
