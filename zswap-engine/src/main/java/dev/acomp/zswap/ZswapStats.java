package dev.acomp.zswap;

import java.util.List;

/**
 * A snapshot of an engine's counters, named as zswap's debugfs files (and zram's for the backing device).
 *
 * @param storedPages pages stored, in memory or written back (stored_pages)
 * @param poolTotalSize bytes of the allocator pages chunks hold (pool_total_size, zsmalloc's pages in use)
 * @param poolReservedBytes bytes of the allocator's arenas: the pages in use and the free pages held with
 *     them (the memory the allocator actually takes; its hard cap applies to this)
 * @param sameFilledPages pages held as a fill value only (same_filled_pages)
 * @param storedIncompressiblePages pages stored as is (stored_incompressible_pages)
 * @param rejectCompressFail stores rejected because the compressor failed (reject_compress_fail)
 * @param rejectCompressPoor always 0: a page that compresses poorly is stored as is instead (reject_compress_poor)
 * @param rejectAllocFail stores rejected because the allocator hit its hard cap (reject_alloc_fail)
 * @param poolLimitHit stores that found the pool over its limit (pool_limit_hit)
 * @param decompressFail loads whose decompression failed (decompress_fail)
 * @param compressedBytes bytes of the objects in the allocator (payload)
 * @param metadataBytes heap bytes of descriptors and allocator bookkeeping
 * @param directBytes direct (native) bytes held: allocator arenas and context buffers
 * @param batchesPerContext requests submitted by each context of the current pool
 * @param compressor the current pool's driver
 * @param writtenBackPages pages written back to the backing file, in all (written_back_pages)
 * @param bdCount pages in the backing file now (zram bd_count)
 * @param bdReads pages read back from the backing file (zram bd_reads)
 * @param bdWrites pages written to the backing file (zram bd_writes)
 * @param backingFileBytesWritten record bytes written to the backing file
 * @param writtenBackRawBytes page bytes the written-back records stand for
 * @param wbReadStale asynchronous reads that found their entry changed and returned nothing (wb_read_stale)
 * @param rejectReclaimFail writebacks that failed: file full or write error (reject_reclaim_fail)
 * @param wbReadCorrupt loads of written-back pages whose record failed its check on the file, or was not
 *     the entry's: {@code CorruptRecordException}, page zeroed (wb_read_corrupt)
 */
public record ZswapStats(
        long storedPages,
        long poolTotalSize,
        long poolReservedBytes,
        long sameFilledPages,
        long storedIncompressiblePages,
        long rejectCompressFail,
        long rejectCompressPoor,
        long rejectAllocFail,
        long poolLimitHit,
        long decompressFail,
        long compressedBytes,
        long metadataBytes,
        long directBytes,
        List<Long> batchesPerContext,
        String compressor,
        long writtenBackPages,
        long bdCount,
        long bdReads,
        long bdWrites,
        long backingFileBytesWritten,
        long writtenBackRawBytes,
        long wbReadStale,
        long rejectReclaimFail,
        long wbReadCorrupt) {

    public ZswapStats {
        batchesPerContext = List.copyOf(batchesPerContext);
    }

    /** Metadata bytes per stored page, 0 when nothing is stored. */
    public double metadataBytesPerStoredPage() {
        return storedPages == 0 ? 0 : (double) metadataBytes / storedPages;
    }

    /** Pool bytes over compressed bytes: the allocator's fragmentation (1.0 is none). */
    public double poolOverCompressed() {
        return compressedBytes == 0 ? 0 : (double) poolTotalSize / compressedBytes;
    }
}
