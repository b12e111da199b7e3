package dev.acomp.zswap.internal;

/** What a store does when it finds the pool full: make room now, or wake the shrinker and give up. */
@FunctionalInterface
interface Reclaim {
    /** Without writeback: nothing to reclaim into. */
    Reclaim NONE = () -> false;

    /** True when the store may check the limit again. */
    boolean reclaimForStore();
}
