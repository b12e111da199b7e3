package dev.acomp.cli.bench;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.run.PassPlan;
import dev.acomp.cli.run.PhaseTime;
import dev.acomp.cli.run.Throughput;
import java.nio.ByteBuffer;

/**
 * Compresses and decompresses every page of a {@link PageSource} through one transform, pass after pass
 * of a {@link PassPlan} (as {@code run} stores and loads: the speeds are the median of the steady passes,
 * after a warm-up that lasts until the JIT is quiet), and verifies every page after each pass. All buffers
 * and the request are made up front, so the timed loops allocate nothing; a batching driver gets
 * {@link Acomp#maxBatchSize()} pages per request.
 */
public final class DriverBench implements AutoCloseable {
    private static final byte POISON = (byte) 0xA5;

    private final Acomp transform;
    private final PageSource source;
    private final AcompRequest request;
    private final int batchSize;
    private final ByteBuffer[] pages;
    private final ByteBuffer[] compressed;
    private final ByteBuffer[] restored;
    private final ByteBuffer restoredArea;
    private final ByteBuffer poisonPage;
    private final int[] compressedLengths;

    public DriverBench(Acomp transform, PageSource source) {
        this.transform = transform;
        this.source = source;
        int n = source.pageCount();
        int slot = transform.maxCompressedLength(PageSource.PAGE_SIZE);
        if ((long) n * slot > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source.root() + ": " + n + " pages compressed by "
                    + transform.driver() + " need more than one 2 GiB buffer");
        }
        this.batchSize = transform.maxBatchSize();
        this.pages = new ByteBuffer[n];
        this.compressed = new ByteBuffer[n];
        this.restored = new ByteBuffer[n];
        this.compressedLengths = new int[n];
        ByteBuffer compressedArea = ByteBuffer.allocateDirect(n * slot);
        this.restoredArea = PageSource.allocatePages(n);
        for (int i = 0; i < n; i++) {
            pages[i] = source.page(i);
            compressed[i] = compressedArea.slice(i * slot, slot);
            restored[i] = restoredArea.slice(i * PageSource.PAGE_SIZE, PageSource.PAGE_SIZE);
        }
        this.poisonPage = ByteBuffer.allocateDirect(PageSource.PAGE_SIZE);
        for (int i = 0; i < PageSource.PAGE_SIZE; i++) {
            poisonPage.put(i, POISON);
        }
        this.request = transform.newRequest();
    }

    /** Progress units of {@link #run} with {@code steady} timed passes: two per page and pass of the plan. */
    public long progressUnits(int steady) {
        return 2L * plan(steady).total() * pages.length;
    }

    /**
     * Round trips of every page, the cold pass, the warm-up and {@code steady} timed passes, advancing
     * {@code progress} by {@link #progressUnits}.
     */
    public BenchResult run(int steady, ProgressBar progress) {
        PassPlan.Passes passes = plan(steady).start();
        Throughput.Recorder speeds = new Throughput.Recorder(passes);
        long pageBytes = (long) pages.length * PageSource.PAGE_SIZE;
        long compressedBytes = 0;
        while (passes.next()) {
            // The bar is drawn between timed passes, never inside one.
            int shown = passes.isBeyondPlan() ? 0 : pages.length;
            PhaseTime compressTime = pass(Operation.COMPRESS);
            progress.advance(shown);
            poisonRestored();
            PhaseTime decompressTime = pass(Operation.DECOMPRESS);
            progress.advance(shown);
            verify();
            speeds.pass(pageBytes, compressTime, pageBytes, decompressTime);
            compressedBytes = 0;
            for (int length : compressedLengths) {
                compressedBytes += length;
            }
        }
        Throughput t = speeds.throughput();
        return new BenchResult(transform.algorithm(), transform.driver(), batchSize, pages.length, compressedBytes,
                t.storeMBps(), t.loadMBps(), t.warmups(), t.storeCpuMicros(), t.loadCpuMicros());
    }

    private PassPlan plan(int steady) {
        return PassPlan.of(pages.length, steady);
    }

    /**
     * One timed pass over every page: compresses the pages, or decompresses what the last compress pass
     * made. Returns its wall time and this thread's CPU time.
     */
    private PhaseTime pass(Operation op) {
        boolean compress = op == Operation.COMPRESS;
        request.operation(op);
        long start = System.nanoTime();
        long cpu = PhaseTime.threadCpuNanos();
        for (int first = 0; first < pages.length; first += batchSize) {
            int units = Math.min(batchSize, pages.length - first);
            request.units(units);
            for (int u = 0; u < units; u++) {
                int page = first + u;
                if (compress) {
                    request.unit(u, pages[page], compressed[page].clear());
                } else {
                    request.unit(u, compressed[page].limit(compressedLengths[page]), restored[page]);
                }
            }
            request.execute();
            for (int u = 0; u < units; u++) {
                int page = first + u;
                checkUnit(u, page, compress ? "compressing" : "decompressing");
                if (compress) {
                    compressedLengths[page] = request.producedLength(u);
                } else if (request.producedLength(u) != PageSource.PAGE_SIZE) {
                    throw new BenchFailureException(transform.driver() + ": " + source.describe(page)
                            + " decompressed to " + request.producedLength(u) + " bytes, not "
                            + PageSource.PAGE_SIZE, null);
                }
            }
        }
        cpu = PhaseTime.threadCpuSince(cpu);
        return new PhaseTime(System.nanoTime() - start, cpu);
    }

    private void checkUnit(int unit, int page, String doing) {
        if (request.failure(unit) != null) {
            throw new BenchFailureException(transform.driver() + ": " + doing + " " + source.describe(page)
                    + " failed: " + request.failure(unit).getMessage(), request.failure(unit));
        }
    }

    /** Fills the output with a pattern first, so that a page the driver did not write cannot pass. */
    private void poisonRestored() {
        for (int i = 0; i < restored.length; i++) {
            restoredArea.put(i * PageSource.PAGE_SIZE, poisonPage, 0, PageSource.PAGE_SIZE);
        }
    }

    private void verify() {
        for (int i = 0; i < pages.length; i++) {
            int at = restored[i].mismatch(pages[i]);
            if (at >= 0) {
                throw new BenchFailureException(transform.driver() + ": " + source.describe(i)
                        + " differs after its round trip at byte " + at, null);
            }
        }
    }

    @Override
    public void close() {
        request.close();
    }
}
