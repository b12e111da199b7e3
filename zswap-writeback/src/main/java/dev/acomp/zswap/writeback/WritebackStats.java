package dev.acomp.zswap.writeback;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of writeback counters, named as zram names them.
 *
 * @param bdCount records on the backing file
 * @param bdReads reads issued to the backing file
 * @param bdWrites writes issued to the backing file
 * @param bytesWritten record bytes written (headers included, sector padding not)
 * @param sectorsInUse sectors allocated to records
 * @param capacitySectors sectors the file holds at most
 * @param sectorSize bytes per sector
 * @param readErrors failed reads: IO errors, and in a read pool's snapshot also records that failed to
 *     decode or decompress
 * @param writeErrors failed writes
 * @param wbReadStale reads whose slot changed while in flight (page zeroed); a read pool's counter
 * @param wbReadCorrupt reads whose record failed its check, or was not the entry's (page zeroed,
 *     {@link CorruptRecordException}); a read pool's counter, also in {@code readErrors}
 */
public record WritebackStats(long bdCount, long bdReads, long bdWrites, long bytesWritten, long sectorsInUse,
        long capacitySectors, int sectorSize, long readErrors, long writeErrors, long wbReadStale,
        long wbReadCorrupt) {

    /** Bytes of the file taken by records: whole sectors. */
    public long bytesInUse() {
        return sectorsInUse * sectorSize;
    }

    /** This snapshot with a read pool's counters added. */
    public WritebackStats withReadPool(long poolReadErrors, long readStale, long readCorrupt) {
        return new WritebackStats(bdCount, bdReads, bdWrites, bytesWritten, sectorsInUse, capacitySectors, sectorSize,
                readErrors + poolReadErrors, writeErrors, wbReadStale + readStale, wbReadCorrupt + readCorrupt);
    }

    /** The counters by their zram-style names ({@code bd_count}, {@code wb_read_stale}, ...), in a fixed order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("bd_count", bdCount);
        m.put("bd_reads", bdReads);
        m.put("bd_writes", bdWrites);
        m.put("bytes_written", bytesWritten);
        m.put("sectors_in_use", sectorsInUse);
        m.put("capacity_sectors", capacitySectors);
        m.put("read_errors", readErrors);
        m.put("write_errors", writeErrors);
        m.put("wb_read_stale", wbReadStale);
        m.put("wb_read_corrupt", wbReadCorrupt);
        return m;
    }
}
