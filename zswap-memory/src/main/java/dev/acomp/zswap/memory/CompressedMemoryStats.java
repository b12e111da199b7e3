package dev.acomp.zswap.memory;

/**
 * A region's counters at one moment. {@code faults = zeroFills + loads + loadFailures + faultRaces}: a race is a
 * fault whose page another thread's fault had just mapped. Latencies are the fault threads' service times, from
 * reading a fault to resolving it, in microseconds.
 *
 * @param faults missing-page faults read from the userfaultfd
 * @param zeroFills first touches, and touches of pages evicted as all zeros, resolved with a zero page
 * @param loads faults resolved by decompressing the page's copy
 * @param readaheadPages evicted neighbours mapped along with a load
 * @param readaheadHits readahead pages used before their eviction: written, or read through by a fault on the
 *     page after them (a read of a mapped page is not seen otherwise)
 * @param writeFaults first writes to a clean (write-protected) page
 * @param evictions dirty pages compressed, stored and released
 * @param cleanDrops pages not written since their load, released without compressing again
 * @param sameFilled evicted pages that were all zeros, kept as no copy at all
 * @param rejects pages left resident because their compressor failed or their copy would pass the store budget
 * @param loadFailures copies that could not be decompressed; their page was poisoned (SIGBUS)
 * @param faultRaces faults whose page was present (or poisoned) by the time they were read
 * @param residentBytes pages present in the region
 * @param storedPages compressed copies held
 * @param storedBytes bytes the copies take, as allocated
 * @param metadataBytes the page table and fault-thread buffers
 * @param faultP50Micros median fault service time
 * @param faultP99Micros 99th percentile
 * @param faultP999Micros 99.9th percentile
 */
public record CompressedMemoryStats(long faults, long zeroFills, long loads, long readaheadPages,
        long readaheadHits, long writeFaults, long evictions, long cleanDrops, long sameFilled, long rejects,
        long loadFailures, long faultRaces, long residentBytes, long storedPages, long storedBytes,
        long metadataBytes, long faultP50Micros, long faultP99Micros, long faultP999Micros) {

    /** Resident pages, copies and metadata: what the region costs. */
    public long memoryUsedBytes() {
        return residentBytes + storedBytes + metadataBytes;
    }
}
