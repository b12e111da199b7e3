package dev.acomp.zswap.internal;

import dev.acomp.zswap.alloc.ZsPool;

/**
 * zswap_check_limits: stores are refused from when the pool reaches its limit until it has shrunk
 * below the accept threshold (hysteresis).
 */
final class PoolLimit {
    private final ZsPool zsPool;
    private final long maxBytes;
    private final long acceptBytes;
    private volatile boolean reachedFull;

    PoolLimit(ZsPool zsPool, long maxBytes, long acceptBytes) {
        this.zsPool = zsPool;
        this.maxBytes = maxBytes;
        this.acceptBytes = acceptBytes;
    }

    /** True when a store may go ahead. */
    boolean admit() {
        long held = zsPool.poolBytes();
        if (held >= maxBytes) {
            reachedFull = true;
        } else if (reachedFull && held <= acceptBytes) {
            reachedFull = false;
        }
        return !reachedFull;
    }

    boolean isOverAcceptThreshold() {
        return zsPool.poolBytes() > acceptBytes;
    }
}
