package dev.acomp.zswap.memory.internal;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.RequestFailedException;
import java.nio.ByteBuffer;

/** One eviction thread's compressor: the only place this module uses the acomp request API. */
final class PageCompressor implements AutoCloseable {
    private final AcompRequest request;
    private final int pageSize;

    PageCompressor(Acomp acomp, int pageSize) {
        this.request = acomp.newRequest();
        this.pageSize = pageSize;
    }

    /**
     * Compresses the page at {@code page}'s position into {@code dst} (at least {@code maxCompressedLength} of a
     * page, from its position); a page that does not shrink is copied raw. Returns the stored length (page size:
     * raw), or -1 when the compressor failed.
     */
    int store(ByteBuffer page, ByteBuffer dst) {
        int n;
        try {
            n = request.compress(page, dst);
        } catch (RequestFailedException e) {
            return -1;
        }
        if (n < pageSize) {
            return n;
        }
        dst.put(dst.position(), page, page.position(), pageSize);
        return pageSize;
    }

    @Override
    public void close() {
        request.close();
    }
}
