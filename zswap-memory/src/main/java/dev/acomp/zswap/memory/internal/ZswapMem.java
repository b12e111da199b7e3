package dev.acomp.zswap.memory.internal;

import com.sun.jna.Native;

/**
 * The C library of src/main/c/zswapmem.c, bound by JNA's direct mapping. Pointers into native memory are
 * passed as addresses ({@code long}); every call returns without waiting on Java.
 */
final class ZswapMem {
    static {
        Native.register(ZswapMem.class, "zswapmem");
    }

    private ZswapMem() {
    }

    static native long zm_create(long size, int pageSize, int codec, int faultThreads, int readahead,
            long storeBudget, long highPages, long limitPages, int flags, int[] err);

    static native long zm_address(long region);

    static native int zm_mode(long region);

    static native int zm_evict_begin(long region, long first, int n, long verdicts);

    static native int zm_evict_commit(long region, long first, int n, long verdicts, long lens, long data,
            int stride);

    static native long zm_wait_pressure(long region, int timeoutMs);

    static native void zm_prefault(long region, long offset, long length);

    static native void zm_stats(long region, long[] out);

    static native int zm_latency_buckets(long region, long[] out, int n);

    static native long zm_metadata_bytes(long region);

    static native int zm_corrupt_copy(long region, long page);

    static native int zm_close(long region);
}
