package dev.acomp.zswap.alloc;

import java.util.function.LongUnaryOperator;

/**
 * Who holds each object's handle, for compaction (zsmalloc's migration callbacks): the owner is the
 * {@code long} given to {@link ZsPool#malloc}, stored beside the object.
 */
@FunctionalInterface
public interface ObjectOwners {
    /**
     * Under the owner's own lock: if {@code owner} still refers to {@code oldHandle}, calls
     * {@code move} (which copies the object and returns its new handle, or 0 when it could not) and
     * repoints the owner to the result. Returns false when the owner no longer refers to the object
     * or the move failed.
     */
    boolean relocate(long owner, long oldHandle, LongUnaryOperator move);
}
