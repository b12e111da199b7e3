package dev.acomp.zswap;

/** What a store does when the pool has passed {@code max_pool_percent} of the memory budget. */
public enum PoolLimitPolicy {
    /** Reject the store and count it (pool_limit_hit); the shrinker writes back in the background. */
    REJECT,
    /** Write back the coldest entries synchronously, then store (counted in pool_limit_hit too). */
    WRITEBACK
}
