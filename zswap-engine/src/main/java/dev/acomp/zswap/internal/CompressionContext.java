package dev.acomp.zswap.internal;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import dev.acomp.zswap.alloc.DirectBuffers;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * zswap's per-CPU {@code crypto_acomp_ctx}: one request, {@code compr_batch_size} direct destination
 * buffers of two pages each, and a lock; plus per-batch scratch arrays used under that lock, so a store
 * or load allocates nothing per page, and the allocator's reader id it reads objects in place with.
 */
final class CompressionContext {
    final ReentrantLock lock = new ReentrantLock();
    final AcompRequest request;
    final ByteBuffer[] buffers;
    /** For {@link dev.acomp.zswap.alloc.ZsPool#readBegin}: no other live context has it. */
    final int reader;
    /** Per page of the batch being stored: allocator handle (or fill value), length, kind flags. */
    final long[] handles;
    /** Per page of the batch: the object its old entry held, freed, where the new one may go (0: none). */
    final long[] previous;
    final int[] lengths;
    final int[] kinds;
    /** Per page of the batch: the page's index in the folio, for pages sent to the compressor. */
    final int[] unitPages;
    private long batches;
    // Views of the caller's buffers, reused while the caller passes the same buffer (so a steady caller
    // allocates nothing); they keep the last buffer reachable until the next call or close.
    private ByteBuffer viewedFolio;
    private final ByteBuffer[] folioViews;
    private ByteBuffer viewedPage;
    private ByteBuffer pageView;

    private CompressionContext(AcompRequest request, ByteBuffer[] buffers, int batchSize, int reader) {
        this.request = request;
        this.buffers = buffers;
        this.reader = reader;
        this.handles = new long[batchSize];
        this.previous = new long[batchSize];
        this.lengths = new int[batchSize];
        this.kinds = new int[batchSize];
        this.unitPages = new int[batchSize];
        this.folioViews = new ByteBuffer[batchSize];
    }

    /**
     * A context with {@code comprBatchSize} buffers. On failure, what was allocated is released before
     * the failure propagates (zswap_cpu_comp_prepare's {@code fail:} path).
     */
    static CompressionContext allocate(Acomp transform, int comprBatchSize, int batchSize, int pageSize,
            DirectBuffers memory, int reader) {
        AcompRequest request = transform.newRequest();
        ByteBuffer[] buffers = new ByteBuffer[comprBatchSize];
        try {
            for (int i = 0; i < comprBatchSize; i++) {
                buffers[i] = memory.allocate(2 * pageSize);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            release(request, buffers, memory);
            throw e;
        }
        return new CompressionContext(request, buffers, batchSize, reader);
    }

    void close(DirectBuffers memory) {
        release(request, buffers, memory);
        viewedFolio = null;
        viewedPage = null;
    }

    private static void release(AcompRequest request, ByteBuffer[] buffers, DirectBuffers memory) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                memory.release(buffers[i]);
                buffers[i] = null;
            }
        }
        request.close();
    }

    /** Counts one submitted request; under the lock. */
    void countBatch() {
        batches++;
    }

    long batches() {
        return batches;
    }

    /** A view of {@code length} bytes of {@code folio} at {@code offset}, for batch unit {@code unit}. */
    ByteBuffer folioView(ByteBuffer folio, int unit, int offset, int length) {
        if (isWhole(folio, offset, length)) {
            return folio;
        }
        if (folio != viewedFolio) {
            java.util.Arrays.fill(folioViews, null);
            viewedFolio = folio;
        }
        ByteBuffer v = folioViews[unit];
        if (v == null) {
            v = folio.duplicate();
            folioViews[unit] = v;
        }
        v.clear().position(offset).limit(offset + length);
        return v;
    }

    /** A view of {@code length} bytes of the caller's page buffer at {@code offset}. */
    ByteBuffer pageView(ByteBuffer page, int offset, int length) {
        if (isWhole(page, offset, length)) {
            return page;
        }
        if (page != viewedPage) {
            pageView = page.duplicate();
            viewedPage = page;
        }
        pageView.clear().position(offset).limit(offset + length);
        return pageView;
    }

    /**
     * Whether the bytes asked for are the caller's buffer from position to limit: it then serves as is, with
     * no view (drivers leave positions and limits as they were), so a caller with a buffer per page, a new
     * one each call, allocates nothing either.
     */
    private static boolean isWhole(ByteBuffer b, int offset, int length) {
        return offset == b.position() && length == b.remaining();
    }

    /** Destination buffer {@code i}, whole, or its first {@code length} bytes. */
    ByteBuffer buffer(int i, int length) {
        return buffers[i].clear().limit(length);
    }
}
