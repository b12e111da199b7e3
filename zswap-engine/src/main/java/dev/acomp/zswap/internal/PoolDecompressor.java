package dev.acomp.zswap.internal;

import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.zswap.writeback.Decompressor;
import dev.acomp.zswap.writeback.DriverIds;
import dev.acomp.zswap.writeback.RecordDecompressionException;
import java.nio.ByteBuffer;

/**
 * Decompresses written-back records through a context of a pool of the record's driver (a written-back
 * entry keeps its pool, so one exists while the entry does). Runs on the read pool's workers.
 */
final class PoolDecompressor implements Decompressor {
    private final ZswapPools pools;
    private final DriverIds driverIds;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;

    PoolDecompressor(ZswapPools pools, DriverIds driverIds, ZswapCounters counters, Lifecycle lifecycle) {
        this.pools = pools;
        this.driverIds = driverIds;
        this.counters = counters;
        this.lifecycle = lifecycle;
    }

    @Override
    public int decompress(ByteBuffer compressed, short driverId, ByteBuffer page) {
        String driver = driverIds.driver(driverId);
        ZswapPool pool = pools.withDriver(driver);
        if (pool == null) {
            throw new RecordDecompressionException("no pool of " + driver + " left to decompress the record", null);
        }
        CompressionContext ctx = pool.lockContext();
        try {
            lifecycle.ensureOpen();
            AcompRequest request = ctx.request;
            request.operation(Operation.DECOMPRESS).buffers(compressed, page);
            request.execute();
            RequestFailedException failure = request.failure(0);
            if (failure != null) {
                counters.decompressFail.increment();
                throw new RecordDecompressionException(driver + " failed to decompress a written-back record: "
                        + failure.status(), failure);
            }
            return request.producedLength(0);
        } finally {
            ctx.lock.unlock();
            pool.put();
        }
    }
}
