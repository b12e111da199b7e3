package dev.acomp.zswap.internal;

import dev.acomp.zswap.ZswapException;

/**
 * Whether the engine is open. Operations check it under their context or cluster lock; close takes
 * every such lock after setting it, so nothing runs on released resources.
 */
public final class Lifecycle {
    private volatile boolean closed;

    public void ensureOpen() {
        if (closed) {
            throw new ZswapException.EngineClosedException();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Marks the engine closed; true the first time. */
    public synchronized boolean close() {
        boolean was = closed;
        closed = true;
        return !was;
    }
}
