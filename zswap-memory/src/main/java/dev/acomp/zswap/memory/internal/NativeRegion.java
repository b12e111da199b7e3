package dev.acomp.zswap.memory.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.acomp.zswap.memory.CompressedMemoryStats;
import java.nio.ByteBuffer;

/** A region of the C library: its handle, and the calls on it. Not thread-safe to close. */
public final class NativeRegion {
    /** zm_evict_begin's verdicts. */
    static final byte COMPRESS = 1;

    /** Pages per group: the unit of eviction, readahead and locking in the C library. */
    public static final int GROUP_PAGES = 64;

    /** Counter slots of zm_stats, in the C library's order. */
    enum Counter {
        FAULTS, ZERO_FILLS, LOADS, READAHEAD_PAGES, READAHEAD_HITS, WRITE_FAULTS, EVICTIONS, CLEAN_DROPS,
        SAME_FILLED, REJECTS, LOAD_FAILURES, FAULT_RACES, RESIDENT_PAGES, STORED_PAGES, STORED_BYTES, FAULT_NS
    }

    /** zm_create's error stages. */
    private static final String[] STAGES = {"", "mmap", "userfaultfd", "UFFDIO_API", "UFFDIO_REGISTER",
        "pthread_create", "allocation", "lzo_init"};

    private static final int STAGE_UFFD = 2;
    /** The C library's fault latency buckets: 1 µs wide below this, then one per doubling. */
    private static final int LINEAR_US = 4096;
    private static final int CODEC_LZ4 = 1;
    private static final int CODEC_ZSTD = 2;
    private static final int CODEC_DEFLATE = 3;
    private static final int CODEC_LZO = 4;

    private final long handle;
    private final long address;
    private final long size;
    private final int pageSize;

    private NativeRegion(long handle, long size, int pageSize) {
        this.handle = handle;
        this.address = ZswapMem.zm_address(handle);
        this.size = size;
        this.pageSize = pageSize;
    }

    /** Thrown by {@link #create} when no userfaultfd could be made; {@code errno}s as the system call gave them. */
    public static final class NoUserfaultfd extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int syscallErrno;
        public final int deviceErrno;

        NoUserfaultfd(int syscallErrno, int deviceErrno) {
            super("userfaultfd: " + strerror(syscallErrno) + "; /dev/userfaultfd: " + strerror(deviceErrno));
            this.syscallErrno = syscallErrno;
            this.deviceErrno = deviceErrno;
        }
    }

    /** The C library's codec for an acomp algorithm. */
    public static int codec(String algorithm) {
        return switch (algorithm) {
            case "lz4" -> CODEC_LZ4;
            case "zstd" -> CODEC_ZSTD;
            case "deflate" -> CODEC_DEFLATE;
            case "lzo" -> CODEC_LZO;
            default -> throw new IllegalArgumentException("no native decompressor for algorithm " + algorithm
                    + ": the fault threads read lz4, zstd, deflate and lzo");
        };
    }

    public static NativeRegion create(long size, int pageSize, int codec, int faultThreads, int readahead,
            long storeBudget, long highPages, long limitPages, boolean userModeOnlyAllowed) {
        int[] err = new int[3];
        long h = ZswapMem.zm_create(size, pageSize, codec, faultThreads, readahead, storeBudget, highPages,
                limitPages, userModeOnlyAllowed ? 1 : 0, err);
        if (h != 0) {
            return new NativeRegion(h, size, pageSize);
        }
        if (err[0] == STAGE_UFFD) {
            throw new NoUserfaultfd(err[1], err[2]);
        }
        String stage = err[0] > 0 && err[0] < STAGES.length ? STAGES[err[0]] : "stage " + err[0];
        throw new IllegalStateException("cannot create a region of " + size + " bytes: " + stage + " failed: "
                + strerror(err[1]));
    }

    private static String strerror(int errno) {
        return errno == 0 ? "no error" : "errno " + errno + errnoName(errno);
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> " (EPERM)";
            case 2 -> " (ENOENT)";
            case 12 -> " (ENOMEM)";
            case 13 -> " (EACCES)";
            case 22 -> " (EINVAL)";
            case 38 -> " (ENOSYS)";
            default -> "";
        };
    }

    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public int pageSize() {
        return pageSize;
    }

    public long pages() {
        return size / pageSize;
    }

    public boolean userModeOnly() {
        return (ZswapMem.zm_mode(handle) & 1) != 0;
    }

    /** A direct buffer over [offset, offset + length): no copy, never seen by the GC. */
    public ByteBuffer buffer(long offset, int length) {
        return new Pointer(address + offset).getByteBuffer(0, length);
    }

    int evictBegin(long firstPage, int n, long verdicts) {
        return ZswapMem.zm_evict_begin(handle, firstPage, n, verdicts);
    }

    int evictCommit(long firstPage, int n, long verdicts, long lens, long data, int stride) {
        return ZswapMem.zm_evict_commit(handle, firstPage, n, verdicts, lens, data, stride);
    }

    long waitPressure(int timeoutMs) {
        return ZswapMem.zm_wait_pressure(handle, timeoutMs);
    }

    public void prefault(long offset, long length) {
        ZswapMem.zm_prefault(handle, offset, length);
    }

    long residentPages() {
        long[] out = new long[Counter.values().length];
        ZswapMem.zm_stats(handle, out);
        return out[Counter.RESIDENT_PAGES.ordinal()];
    }

    public CompressedMemoryStats stats() {
        long[] c = new long[Counter.values().length];
        ZswapMem.zm_stats(handle, c);
        long[] buckets = new long[LINEAR_US + 20];
        ZswapMem.zm_latency_buckets(handle, buckets, buckets.length);
        return new CompressedMemoryStats(c[Counter.FAULTS.ordinal()], c[Counter.ZERO_FILLS.ordinal()],
                c[Counter.LOADS.ordinal()], c[Counter.READAHEAD_PAGES.ordinal()],
                c[Counter.READAHEAD_HITS.ordinal()], c[Counter.WRITE_FAULTS.ordinal()],
                c[Counter.EVICTIONS.ordinal()], c[Counter.CLEAN_DROPS.ordinal()], c[Counter.SAME_FILLED.ordinal()],
                c[Counter.REJECTS.ordinal()], c[Counter.LOAD_FAILURES.ordinal()], c[Counter.FAULT_RACES.ordinal()],
                c[Counter.RESIDENT_PAGES.ordinal()] * pageSize, c[Counter.STORED_PAGES.ordinal()],
                c[Counter.STORED_BYTES.ordinal()], ZswapMem.zm_metadata_bytes(handle),
                percentile(buckets, 0.50), percentile(buckets, 0.99), percentile(buckets, 0.999));
    }

    /**
     * The lower bound in µs of the bucket holding the q-quantile: bucket i < LINEAR_US holds i µs, the ones
     * above each a doubling from LINEAR_US.
     */
    private static long percentile(long[] buckets, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank && seen > 0) {
                return i < LINEAR_US ? i : (long) LINEAR_US << (i - LINEAR_US);
            }
        }
        return 0;
    }

    /** Test hook: damages an evicted page's copy; false when the page had none. */
    public boolean corruptCopy(long page) {
        return ZswapMem.zm_corrupt_copy(handle, page) != 0;
    }

    /** Frees everything; a late access to the range is a SIGBUS (true), or, when no memfd could be mapped, a SIGSEGV. */
    public boolean close() {
        return ZswapMem.zm_close(handle) == 0;
    }

    static long addressOf(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
