package dev.acomp.zswap.writeback;

import dev.acomp.zswap.writeback.internal.NamedDaemonThreads;
import dev.acomp.zswap.writeback.internal.RecordBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads of written-back pages that decompress on demand (seed 002). An asynchronous read runs its IO on
 * an IO thread, then hands decompression to a dedicated worker pool, never running it on the IO thread
 * (zram: the read completes in IRQ context and decompression is queued to a preemptible work queue).
 * Right before decompressing, the request's {@link StalenessCheck} decides whether the slot changed while
 * the read was in flight: then the page is zeroed, {@code wb_read_stale} counted and the read fails with
 * {@link StaleReadException}. Then the record is checked ({@link BackingFile#unseal}): one changed on the
 * file, or another slot's, zeroes the page, counts {@code wb_read_corrupt} and fails the read with
 * {@link CorruptRecordException}, as does a header of another generation. Never stale or wrong data:
 * every failed read leaves a zeroed page.
 *
 * <p>At most {@link WritebackReadPoolConfig#maxInFlight()} reads are in flight, each with a record buffer
 * of the pool's; queues are bounded by that. Futures complete on the pool's threads: dependent stages
 * that are not {@code ...Async} run there, and must not wait for another read of this pool.
 */
public final class WritebackReadPool implements AutoCloseable {
    private final BackingFile file;
    private final Decompressor decompressor;
    private final WritebackReadPoolConfig config;
    private final BlockingQueue<RecordBuffer> buffers;
    private final ThreadPoolExecutor io;
    private final ThreadPoolExecutor workers;
    private final LongAdder readStale = new LongAdder();
    private final LongAdder readErrors = new LongAdder();
    private final LongAdder readCorrupt = new LongAdder();
    private volatile boolean closed;

    private WritebackReadPool(BackingFile file, Decompressor decompressor, WritebackReadPoolConfig config) {
        this.file = file;
        this.decompressor = decompressor;
        this.config = config;
        this.buffers = new ArrayBlockingQueue<>(config.maxInFlight());
        for (int i = 0; i < config.maxInFlight(); i++) {
            buffers.add(new RecordBuffer(config.maxRecordLength()));
        }
        this.io = executor(config.ioThreads(), config.name() + "-io");
        this.workers = executor(config.decompressionThreads(), config.name() + "-decompress");
    }

    private ThreadPoolExecutor executor(int threads, String name) {
        // Never full: a task needs one of maxInFlight record buffers before it is queued.
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.maxInFlight()), new NamedDaemonThreads(name));
    }

    /** A pool reading from {@code file} and decompressing with {@code decompressor}; neither is closed by it. */
    public static WritebackReadPool create(BackingFile file, Decompressor decompressor, WritebackReadPoolConfig config) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(decompressor, "decompressor");
        Objects.requireNonNull(config, "config");
        return new WritebackReadPool(file, decompressor, config);
    }

    /**
     * Starts reading the request's page. Waits while {@link WritebackReadPoolConfig#maxInFlight()} reads
     * are in flight. The future fails with {@link StaleReadException}, {@link BackingFileIoException},
     * {@link CorruptRecordException}, {@link WritebackClosedException} or what the decompressor threw
     * ({@link RecordDecompressionException}), and then the page is zeroed.
     */
    public CompletableFuture<Void> readAsync(ReadRequest request) {
        checkLength(request);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            zero(request.page());
            done.completeExceptionally(closedError("before the read was submitted"));
            return done;
        }
        RecordBuffer buffer;
        try {
            buffer = takeBuffer();
        } catch (WritebackException e) {
            zero(request.page());
            done.completeExceptionally(e);
            return done;
        }
        ReadTask task = new ReadTask(request, buffer, done);
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            task.fail(closedError("before the read started"));
        }
        return done;
    }

    /** Reads and decompresses on the calling thread; throws what {@link #readAsync} fails with. */
    public void read(ReadRequest request) {
        checkLength(request);
        if (closed) {
            zero(request.page());
            throw closedError("before the read was submitted");
        }
        RecordBuffer buffer = null;
        try {
            buffer = takeBuffer();
            readRecord(request, buffer);
            decompress(request, buffer);
        } catch (RuntimeException e) {
            zero(request.page());
            count(e);
            throw e;
        } finally {
            if (buffer != null) {
                buffers.add(buffer);
            }
        }
    }

    private void checkLength(ReadRequest request) {
        if (request.length() > config.maxRecordLength()) {
            throw new IllegalArgumentException("record of " + request.length() + " bytes at slot " + request.slot()
                    + " exceeds the pool's max record length " + config.maxRecordLength());
        }
    }

    private RecordBuffer takeBuffer() {
        try {
            return buffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WritebackException("interrupted while waiting for one of " + config.maxInFlight()
                    + " reads in flight to complete", e);
        }
    }

    private void readRecord(ReadRequest request, RecordBuffer buffer) {
        file.read(request.slot(), request.length(), buffer.bytes.clear());
    }

    /** Checks staleness, opens the record read into {@code buffer} and decompresses it into the page. */
    private void decompress(ReadRequest request, RecordBuffer buffer) {
        if (request.stalenessCheck().isStale()) {
            throw new StaleReadException(request.slot(), request.generation());
        }
        ByteBuffer record;
        WrittenBackRecord header;
        try {
            record = file.unseal(request.slot(), buffer.bytes.clear().limit(request.length()), buffer.plain);
            header = buffer.header.decode(record, config.maxRecordLength()
                    - WrittenBackRecord.HEADER_BYTES - file.protection().trailerBytes());
            if (header.generation() != request.generation()) {
                throw new CorruptRecordException("slot " + request.slot() + " holds generation " + header.generation()
                        + ", expected " + request.generation());
            }
        } catch (CorruptRecordException e) {
            readCorrupt.increment();
            throw e;
        }
        record.position(WrittenBackRecord.HEADER_BYTES);
        ByteBuffer page = request.page();
        int produced = header.raw() ? copyRaw(record, page) : decompressor.decompress(record, header.driverId(), page);
        if (produced != page.remaining()) {
            throw new RecordDecompressionException("record at slot " + request.slot() + " (" + header
                    + ") decompressed to " + produced + " bytes for a page of " + page.remaining(), null);
        }
    }

    /** A page stored as is; a length other than the page's is left for the caller to report as corrupt. */
    private static int copyRaw(ByteBuffer record, ByteBuffer page) {
        int n = record.remaining();
        if (n == page.remaining()) {
            page.put(page.position(), record, record.position(), n);
        }
        return n;
    }

    /** IO errors are the backing file's to count, closing is nobody's. */
    private void count(RuntimeException e) {
        if (e instanceof StaleReadException) {
            readStale.increment();
        } else if (!(e instanceof BackingFileIoException || e instanceof WritebackClosedException)) {
            readErrors.increment();
        }
    }

    private static void zero(ByteBuffer page) {
        for (int i = page.position(); i < page.limit(); i++) {
            page.put(i, (byte) 0);
        }
    }

    private WritebackClosedException closedError(String when) {
        return new WritebackClosedException("read pool " + config.name() + " closed " + when);
    }

    /** The backing file's counters with the pool's stale and corrupt reads and decode/decompress failures added. */
    public WritebackStats stats() {
        return file.stats().withReadPool(readErrors.sum(), readStale.sum(), readCorrupt.sum());
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Fails reads whose IO has not started with {@link WritebackClosedException}, lets those that started
     * finish (decompression included), then stops the threads. Later reads fail as closed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Runnable> notStarted = new ArrayList<>();
        io.getQueue().drainTo(notStarted);
        for (Runnable r : notStarted) {
            ((ReadTask) r).fail(closedError("before the read started"));
        }
        // Not shutdownNow: an interrupt in FileChannel IO would close the backing file's channel.
        io.shutdown();
        awaitTermination(io);
        workers.shutdown();
        awaitTermination(workers);
    }

    private static void awaitTermination(ThreadPoolExecutor executor) {
        try {
            while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                // IO and decompression of a page are bounded; keep waiting.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WritebackReadPool[" + config.name() + ", " + stats() + "]";
    }

    /** One asynchronous read: its IO step on an IO thread, then its decompression step on a worker. */
    private final class ReadTask implements Runnable {
        private final ReadRequest request;
        private final RecordBuffer buffer;
        private final CompletableFuture<Void> done;
        private boolean read;

        ReadTask(ReadRequest request, RecordBuffer buffer, CompletableFuture<Void> done) {
            this.request = request;
            this.buffer = buffer;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                if (!read) {
                    readRecord(request, buffer);
                    read = true;
                    handOff();
                } else {
                    decompress(request, buffer);
                    buffers.add(buffer);
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void handOff() {
            try {
                workers.execute(this);
            } catch (RejectedExecutionException e) {
                fail(closedError("before the read was decompressed"));
            }
        }

        void fail(RuntimeException e) {
            zero(request.page());
            count(e);
            // The buffer goes back first, so a stage on this future may submit another read.
            buffers.add(buffer);
            done.completeExceptionally(e);
        }
    }
}
