package dev.acomp.benchmarks.zswap;

import static dev.acomp.zswap.ZswapCounter.POOL_LIMIT_HIT;
import static dev.acomp.zswap.ZswapCounter.REJECT_ALLOC_FAIL;
import static dev.acomp.zswap.ZswapCounter.REJECT_COMPRESS_FAIL;

import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.ZswapEngine;
import dev.acomp.zswap.ZswapStats;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The zswap engine's store and load with {@code lz4-generic} beside raw lz4-java (fast compressor, safe
 * decompressor: what the driver calls) on the same pages of the memory image, one page per operation.
 * Each thread has its own 4096 entries in one shared engine and cycles through the pages; every entry
 * is stored in setup, so a store replaces an entry (freeing the old object) and a load finds one.
 * Scores are pages per microsecond (MB/s = score * 4096).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBenchmark {
    /** Room for two threads' copies of the image with the pool limit never reached. */
    private static final long MEMORY_BUDGET = 256L << 20;

    private ByteBuffer[] pages;
    private ByteBuffer area;
    private ZswapEngine engine;

    @Setup
    public void openEngine() {
        pages = EnginePages.memoryImage();
        area = EnginePages.area(pages);
        engine = ZswapEngine.create(ZswapConfig.builder().compressor("lz4-generic").memoryBudgetBytes(MEMORY_BUDGET)
                .maxPoolPercent(100).build());
    }

    /** A rejected store would have been timed as a cheap no-op: fail the run instead. */
    @TearDown
    public void closeEngine() {
        ZswapStats s = engine.stats();
        engine.close();
        if (s.get(POOL_LIMIT_HIT) + s.get(REJECT_ALLOC_FAIL) + s.get(REJECT_COMPRESS_FAIL) > 0) {
            throw new IllegalStateException("stores were rejected during the run: " + s);
        }
    }

    /** One calling thread: its entries, its view of the pages, its page buffer and its raw lz4 state. */
    @State(Scope.Thread)
    public static class Caller {
        private long[] entries;
        private ByteBuffer folio;
        private final ByteBuffer page = ByteBuffer.allocateDirect(4096);
        /** A buffer per page (slices of one area), for {@link #engineLoadPageBuffers}. */
        private ByteBuffer[] pageBuffers;
        private LZ4Compressor compressor;
        private LZ4SafeDecompressor decompressor;
        private ByteBuffer compressedOut;
        private ByteBuffer[] compressed;
        private int next;

        @Setup
        public void setUp(EngineBenchmark b) {
            entries = EnginePages.allocateEntries(b.engine, b.pages.length);
            folio = b.area.duplicate();
            ByteBuffer pageArea = ByteBuffer.allocateDirect(b.pages.length * page.capacity());
            pageBuffers = new ByteBuffer[b.pages.length];
            for (int i = 0; i < pageBuffers.length; i++) {
                pageBuffers[i] = pageArea.slice(i * page.capacity(), page.capacity());
            }
            EnginePages.storeAll(b.engine, entries, b.pages);
            for (int i = 0; i < entries.length; i++) {
                b.engine.load(entries[i], page);
                if (page.mismatch(b.pages[i]) >= 0) {
                    throw new IllegalStateException("engine loaded page " + i + " wrong");
                }
            }
            LZ4Factory factory = LZ4Factory.fastestInstance();
            compressor = factory.fastCompressor();
            decompressor = factory.safeDecompressor();
            int bound = compressor.maxCompressedLength(page.capacity());
            compressedOut = ByteBuffer.allocateDirect(bound);
            compressed = new ByteBuffer[b.pages.length];
            for (int i = 0; i < compressed.length; i++) {
                ByteBuffer out = ByteBuffer.allocateDirect(bound);
                int n = compressor.compress(b.pages[i], 0, page.capacity(), out, 0, bound);
                compressed[i] = out.limit(n);
            }
        }

        private int nextPage() {
            int i = next;
            next = i + 1 == entries.length ? 0 : i + 1;
            return i;
        }

        private boolean store(ZswapEngine engine, int i) {
            folio.position(i * page.capacity());
            return engine.store(entries[i], folio, 1);
        }
    }

    @Benchmark
    public boolean engineStore(Caller c) {
        return c.store(engine, c.nextPage());
    }

    /** As {@link #engineStore}, but each page from its own buffer (a slice), as a caller with scattered pages. */
    @Benchmark
    public boolean engineStorePageBuffers(Caller c) {
        int i = c.nextPage();
        return engine.store(c.entries[i], pages[i], 1);
    }

    @Benchmark
    public ByteBuffer engineLoad(Caller c) {
        engine.load(c.entries[c.nextPage()], c.page);
        return c.page;
    }

    /** As {@link #engineLoad}, but into each page's own buffer, as a caller with scattered pages. */
    @Benchmark
    public ByteBuffer engineLoadPageBuffers(Caller c) {
        int i = c.nextPage();
        engine.load(c.entries[i], c.pageBuffers[i]);
        return c.pageBuffers[i];
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer engineStoreLoad(Caller c) {
        return storeLoad(c);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer engineStoreLoad2Threads(Caller c) {
        return storeLoad(c);
    }

    private ByteBuffer storeLoad(Caller c) {
        int i = c.nextPage();
        c.store(engine, i);
        engine.load(c.entries[i], c.page);
        return c.page;
    }

    @Benchmark
    public int lz4Compress(Caller c) {
        return c.compressor.compress(pages[c.nextPage()], 0, c.page.capacity(), c.compressedOut, 0,
                c.compressedOut.capacity());
    }

    @Benchmark
    public int lz4Decompress(Caller c) {
        ByteBuffer src = c.compressed[c.nextPage()];
        return c.decompressor.decompress(src, 0, src.limit(), c.page, 0, c.page.capacity());
    }
}
