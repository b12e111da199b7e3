package dev.acomp.zswap.memory;

import dev.acomp.api.Acomp;
import dev.acomp.zswap.memory.internal.Evictor;
import dev.acomp.zswap.memory.internal.NativeRegion;
import dev.acomp.zswap.memory.internal.Permission;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An off-heap region of anonymous memory whose cold pages are kept compressed, transparently: the caller reads
 * and writes it through {@link #buffer} slices (direct buffers, never scanned by the GC) or its
 * {@link #address()}. The first touch of a page maps a zero page. When the resident pages reach the high water
 * mark of the limit, eviction threads compress the coldest pages (a CLOCK over 64-page groups, a fault being the
 * reference) and release them; a page not written since it was loaded is released without compressing again
 * (while nearly every loaded page gets written, loads are mapped writable instead, saving a write fault each).
 * A touch of an evicted page is resolved by the native fault threads of the C library, which decompress it,
 * with its evicted neighbours (readahead), without entering Java: no safepoint of this JVM can stop them.
 *
 * <p>Limits: at the resident limit a fault waits for eviction at most 20 ms (so a safepoint that stops the
 * eviction threads cannot wedge a faulting thread), then goes over the limit; the kernel itself
 * faults pages in (a {@code FileChannel.write} from the region) only with a full userfaultfd, not the
 * user-mode-only kind. A page whose copy cannot be decompressed is poisoned: its accessor gets SIGBUS, never
 * the page as zeros. A Java thread gets an {@link InternalError}, which HotSpot raises at the thread's next
 * safepoint check, not at the read: the value of the failing read is undefined, so the error means the loss
 * of what the thread computed since. A forked child does not inherit the region.
 */
public final class CompressedMemory implements AutoCloseable {
    private final CompressedMemoryConfig config;
    private final NativeRegion region;
    private final Acomp acomp;
    private final List<Evictor> evictors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    private CompressedMemory(CompressedMemoryConfig config) {
        this.config = config;
        this.acomp = config.registry().allocate(config.compressor(), config.acompOptions());
        try {
            this.region = NativeRegion.create(config.sizeBytes(), CompressedMemoryConfig.PAGE_SIZE,
                    NativeRegion.codec(acomp.algorithm()), config.faultThreads(), config.readaheadPages(),
                    config.storeBudgetBytes(), config.highWaterPages(),
                    config.residentLimitBytes() / CompressedMemoryConfig.PAGE_SIZE, config.userModeOnlyAllowed());
        } catch (NativeRegion.NoUserfaultfd e) {
            acomp.close();
            throw new UserfaultfdUnavailableException(Permission.explain(e.syscallErrno, e.deviceErrno,
                    config.userModeOnlyAllowed()));
        } catch (RuntimeException e) {
            acomp.close();
            throw e;
        }
        for (int i = 0; i < config.evictionThreads(); i++) {
            Evictor evictor = new Evictor(region, acomp, i, config.evictionThreads(), config.highWaterPages(),
                    config.lowWaterPages());
            Thread t = new Thread(evictor, "zswap-memory-evict-" + i);
            t.setDaemon(true);
            evictors.add(evictor);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Maps and registers a region. Throws {@link UserfaultfdUnavailableException} naming the cause when
     * userfaultfd is not permitted, {@link IllegalArgumentException} for a compressor whose algorithm the fault
     * threads cannot decompress (lz4, zstd, deflate and lzo they can).
     */
    public static CompressedMemory create(CompressedMemoryConfig config) {
        return new CompressedMemory(Objects.requireNonNull(config, "config"));
    }

    public CompressedMemoryConfig config() {
        return config;
    }

    /** The compressor's driver, e.g. {@code lz4-generic}. */
    public String driver() {
        return acomp.driver();
    }

    /** The region's first byte. */
    public long address() {
        checkOpen();
        return region.address();
    }

    public long size() {
        return config.sizeBytes();
    }

    /** A direct buffer over {@code [offset, offset + length)} of the region, in native byte order, position 0. */
    public ByteBuffer buffer(long offset, int length) {
        checkOpen();
        Objects.checkFromIndexSize(offset, length, config.sizeBytes());
        return region.buffer(offset, length);
    }

    /** Whether the userfaultfd is the user-mode-only kind (see {@link CompressedMemoryConfig#userModeOnlyAllowed}). */
    public boolean userModeOnly() {
        checkOpen();
        return region.userModeOnly();
    }

    /**
     * Faults the pages of the range in from user mode, so that the kernel can read them (a system call on a
     * user-mode-only region). Eviction may release them again: call it just before the system call, with the
     * range well under the low water mark.
     */
    public void prefault(long offset, long length) {
        checkOpen();
        Objects.checkFromIndexSize(offset, length, config.sizeBytes());
        region.prefault(offset, length);
    }

    /** Test hook: damages the compressed copy of an evicted page; false when the page has none. */
    boolean damageCopy(long page) {
        checkOpen();
        return region.corruptCopy(page);
    }

    public CompressedMemoryStats stats() {
        checkOpen();
        return region.stats();
    }

    /**
     * Stops eviction and the fault threads and frees the memory. A thread still touching the region afterwards
     * gets an {@link InternalError} (SIGBUS: the range is remapped to an empty memfd), never data; the address
     * range stays reserved, without memory behind it, so it is never some other mapping's. Buffers handed out
     * must not be used.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        evictors.forEach(Evictor::stop);
        for (Thread t : threads) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        region.close();
        acomp.close();
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("region closed");
        }
    }
}
