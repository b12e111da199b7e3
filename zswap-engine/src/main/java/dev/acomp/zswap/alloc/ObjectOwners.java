package dev.acomp.zswap.alloc;

import java.util.function.LongUnaryOperator;

/**
 * Who holds the objects' handles, for compaction (zsmalloc's migration callbacks). The pool records no
 * owner per object: the owners offer their handles, and are repointed to wherever an object moves.
 */
@FunctionalInterface
public interface ObjectOwners {
    /**
     * Offers the handle of every object held to {@code mover}, each under its owner's own lock (so that
     * the object is neither freed nor read meanwhile), and repoints the owner to the handle returned: the
     * same one when the object stays, a new one when it moved. An owner that is busy may skip its object.
     */
    void relocateAll(LongUnaryOperator mover);
}
