package dev.acomp.zswap;

/**
 * What an explicit writeback did.
 *
 * @param pages entries written back
 * @param bytesWritten record bytes written to the backing file
 * @param limitReached stopped because the writeback_limit budget ran out
 * @param fileFull stopped because the backing file had no room (counted in reject_reclaim_fail)
 * @param writeFailed stopped because a write failed; the entry stayed in memory (counted in reject_reclaim_fail)
 */
public record WritebackResult(long pages, long bytesWritten, boolean limitReached, boolean fileFull,
        boolean writeFailed) {
}
