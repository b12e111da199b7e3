package dev.acomp.benchmarks;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompCallback;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One codec on 4 KiB pages, three ways in one run: called directly ({@code *Direct}), through the acomp
 * API's synchronous helpers ({@code *Sync}: {@link AcompRequest#compress}), and through
 * {@link Acomp#submit} with a reused callback ({@code *Callback}). Each invocation takes the next page
 * of the data set, cycling; all buffers are direct and made in setup. Subclasses give the direct calls,
 * with the driver's own settings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class CodecBenchmark {
    @Param({PageSet.CORPUS, PageSet.MEMORY})
    public String dataSet;

    private ByteBuffer[] pages;
    private ByteBuffer[] compressed;
    private ByteBuffer compressedOut;
    private ByteBuffer pageOut;
    private Acomp transform;
    private AcompRequest syncRequest;
    private AcompRequest callbackRequest;
    private final Completion completion = new Completion();
    private int next;

    /** The driver measured through the API, e.g. {@code "lz4-generic"}. */
    protected abstract String driver();

    /** Makes the codec's reused state (contexts, streams). */
    protected abstract void openCodec();

    protected abstract void closeCodec();

    /** Compresses {@code src} into {@code dst}, both from position 0, and returns the compressed length. */
    protected abstract int compressDirect(ByteBuffer src, ByteBuffer dst);

    /** Decompresses {@code src} into {@code dst}, both from position 0, and returns the length. */
    protected abstract int decompressDirect(ByteBuffer src, ByteBuffer dst);

    @Setup
    public void setUp() {
        openCodec();
        transform = AcompRegistry.load().allocate(driver());
        syncRequest = transform.newRequest();
        callbackRequest = transform.newRequest().callback(completion);
        pages = PageSet.load(dataSet);
        int slot = transform.maxCompressedLength(SharedData.PAGE_SIZE);
        compressedOut = ByteBuffer.allocateDirect(slot);
        pageOut = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
        ByteBuffer area = ByteBuffer.allocateDirect(pages.length * slot);
        compressed = new ByteBuffer[pages.length];
        for (int i = 0; i < pages.length; i++) {
            int n = compressDirect(pages[i], area.slice(i * slot, slot));
            compressed[i] = area.slice(i * slot, n);
            checkSameFormat(i);
        }
    }

    /** The API must read the direct codec's output back to the page, or the comparison is meaningless. */
    private void checkSameFormat(int page) {
        int n = syncRequest.decompress(compressed[page], pageOut);
        if (n != SharedData.PAGE_SIZE || pageOut.mismatch(pages[page]) >= 0) {
            throw new IllegalStateException(driver() + " does not restore page " + page + " of " + dataSet
                    + " from the direct codec's output");
        }
    }

    @TearDown
    public void tearDown() {
        syncRequest.close();
        callbackRequest.close();
        transform.close();
        closeCodec();
    }

    private int nextPage() {
        int i = next;
        next = i + 1 == pages.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public int compressDirect() {
        return compressDirect(pages[nextPage()], compressedOut);
    }

    @Benchmark
    public int compressSync() {
        return syncRequest.compress(pages[nextPage()], compressedOut);
    }

    @Benchmark
    public int compressCallback() {
        return submit(Operation.COMPRESS, pages[nextPage()], compressedOut);
    }

    @Benchmark
    public int decompressDirect() {
        return decompressDirect(compressed[nextPage()], pageOut);
    }

    @Benchmark
    public int decompressSync() {
        return syncRequest.decompress(compressed[nextPage()], pageOut);
    }

    @Benchmark
    public int decompressCallback() {
        return submit(Operation.DECOMPRESS, compressed[nextPage()], pageOut);
    }

    /** The software drivers complete on the submitting thread, before submit returns. */
    private int submit(Operation operation, ByteBuffer src, ByteBuffer dst) {
        callbackRequest.operation(operation).buffers(src, dst);
        transform.submit(callbackRequest);
        return completion.produced;
    }

    /** The reused callback: keeps the produced length, or fails loudly on a failed unit. */
    private static final class Completion implements AcompCallback {
        int produced;

        @Override
        public void onComplete(AcompRequest request) {
            if (request.failure(0) != null) {
                throw request.failure(0);
            }
            produced = request.producedLength(0);
        }
    }
}
