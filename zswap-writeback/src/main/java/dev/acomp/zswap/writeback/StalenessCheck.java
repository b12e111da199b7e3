package dev.acomp.zswap.writeback;

/**
 * Asked after a read's IO and before its decompression: has the slot changed since the read was
 * submitted (entry invalidated, written again, slot freed and reused)? Typically compares the
 * descriptor's generation with the one captured at submit.
 */
@FunctionalInterface
public interface StalenessCheck {
    boolean isStale();
}
