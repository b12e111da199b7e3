package dev.acomp.zswap.internal;

import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.writeback.ReadRequest;
import dev.acomp.zswap.writeback.WritebackReadPool;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Loads of written-back entries: the record is read and decompressed on demand, synchronously or on the
 * read pool (IO, then decompression on its workers). If the entry changes while the read is in flight
 * (its generation moves on), the read fails as stale and the page is zeroed: never stale data.
 */
final class WrittenBackReads {
    private final int pageSize;
    private final WritebackReadPool readPool;

    WrittenBackReads(int pageSize, WritebackReadPool readPool) {
        this.pageSize = pageSize;
        this.readPool = readPool;
    }

    /** A read of descriptor {@code i}'s record, captured under the cluster lock by the caller. */
    ReadRequest request(VswapCluster c, int i, ByteBuffer page) {
        int generation = c.generation(i);
        ByteBuffer view = page.duplicate();
        view.limit(page.position() + pageSize);
        return new ReadRequest(c.slot(i), c.recordLength(i), generation, view, () -> isStale(c, i, generation));
    }

    void read(ReadRequest request) {
        readPool.read(request);
    }

    CompletableFuture<Void> readAsync(ReadRequest request) {
        return readPool.readAsync(request);
    }

    private static boolean isStale(VswapCluster c, int i, int generation) {
        c.lock.lock();
        try {
            return c.generation(i) != generation || !c.has(i, VswapCluster.WRITTEN_BACK);
        } finally {
            c.lock.unlock();
        }
    }
}
