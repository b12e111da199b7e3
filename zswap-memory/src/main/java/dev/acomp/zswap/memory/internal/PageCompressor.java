package dev.acomp.zswap.memory.internal;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import java.nio.ByteBuffer;

/**
 * One eviction thread's compressor, the only place this module uses the acomp request API: one request, reused,
 * carrying up to the transform's batch size of pages (deflate-iaa: 8 at once; a sequential driver: 1, the pages
 * then compressed one after another), with each unit's source and destination views made once.
 */
final class PageCompressor implements AutoCloseable {
    private static final int CHUNK_SHIFT = 30;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final AcompRequest request;
    private final int pageSize;
    private final int stride;
    /** The region seen as 1 GiB buffers, one set per unit (a request holds its units' buffers), and one to read. */
    private final ByteBuffer[][] sources;
    private final ByteBuffer[] chunks;
    /** The staging buffer, one view per unit. */
    private final ByteBuffer[] destinations;

    /** Pages compress into {@code staging}, slot i at {@code i * stride}, stride {@code maxCompressedLength(page)}. */
    PageCompressor(Acomp acomp, NativeRegion region, ByteBuffer staging, int stride) {
        this.request = acomp.newRequest().operation(Operation.COMPRESS);
        this.pageSize = region.pageSize();
        this.stride = stride;
        int units = Math.min(request.capacity(), NativeRegion.GROUP_PAGES);
        int chunks = (int) ((region.size() + CHUNK_MASK) >>> CHUNK_SHIFT);
        this.sources = new ByteBuffer[units][];
        this.destinations = new ByteBuffer[units];
        for (int u = 0; u < units; u++) {
            sources[u] = chunks(region, chunks);
            destinations[u] = staging.duplicate();
        }
        this.chunks = chunks(region, chunks);
    }

    private static ByteBuffer[] chunks(NativeRegion region, int n) {
        ByteBuffer[] views = new ByteBuffer[n];
        for (int c = 0; c < n; c++) {
            long offset = (long) c << CHUNK_SHIFT;
            views[c] = region.buffer(offset, (int) Math.min(1L << CHUNK_SHIFT, region.size() - offset));
        }
        return views;
    }

    /** Pages per request. */
    int units() {
        return destinations.length;
    }

    /** The region's chunk holding {@code page}, for reading it with absolute gets. */
    ByteBuffer chunkOf(long page) {
        return chunks[(int) ((page * pageSize) >>> CHUNK_SHIFT)];
    }

    int offsetOf(long page) {
        return (int) ((page * pageSize) & CHUNK_MASK);
    }

    /**
     * Compresses pages {@code first + slots[from..from+n)} (n at most {@link #units()}) in one request, page
     * {@code first + s} into staging slot s, and writes each one's stored length into {@code lens} at
     * {@code s * 4}: its compressed length; the page size for a page that does not shrink, copied raw; -1 when
     * the compressor failed.
     */
    void compress(long first, int[] slots, int from, int n, ByteBuffer lens) {
        request.units(n);
        for (int u = 0; u < n; u++) {
            int slot = slots[from + u];
            long page = first + slot;
            ByteBuffer src = sources[u][(int) ((page * pageSize) >>> CHUNK_SHIFT)];
            int at = offsetOf(page);
            src.clear();
            src.limit(at + pageSize).position(at);
            ByteBuffer dst = destinations[u];
            dst.clear();
            dst.limit(slot * stride + stride).position(slot * stride);
            request.unit(u, src, dst);
        }
        request.execute();
        for (int u = 0; u < n; u++) {
            int slot = slots[from + u];
            RequestFailedException failure = request.failure(u);
            int len;
            if (failure == null && request.producedLength(u) < pageSize) {
                len = request.producedLength(u);
            } else if (failure == null || failure.status() == Status.DESTINATION_TOO_SMALL) {
                ByteBuffer src = request.source(u);
                destinations[u].put(slot * stride, src, src.position(), pageSize);
                len = pageSize;
            } else {
                len = -1;
            }
            lens.putInt(slot * Integer.BYTES, len);
        }
    }

    @Override
    public void close() {
        request.close();
    }
}
