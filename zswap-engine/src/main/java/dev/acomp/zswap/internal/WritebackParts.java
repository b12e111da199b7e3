package dev.acomp.zswap.internal;

import dev.acomp.zswap.ZswapConfig;
import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapSpace;
import dev.acomp.zswap.writeback.BackingFile;
import dev.acomp.zswap.writeback.BackingFileConfig;
import dev.acomp.zswap.writeback.DriverIds;
import dev.acomp.zswap.writeback.RecordProtection;
import dev.acomp.zswap.writeback.WritebackReadPool;
import dev.acomp.zswap.writeback.WritebackReadPoolConfig;
import dev.acomp.zswap.writeback.WritebackStats;
import dev.acomp.zswap.writeback.WrittenBackRecord;
import java.nio.file.Path;

/** The engine's writeback side, present when a backing file is configured: file, reads, writeback, shrinker. */
final class WritebackParts implements AutoCloseable {
    final BackingFile file;
    final DriverIds driverIds = new DriverIds();
    final WritebackReadPool readPool;
    final WrittenBackReads reads;
    final EntryWriteback writeback;
    final Shrinker shrinker;
    final ExplicitWriteback explicit;

    WritebackParts(BackingFile file, ZswapConfig config, VswapSpace space, ZsPool zsPool, ZswapPools pools,
            ZswapEntries entries, PoolLimit limit, ZswapCounters counters, Lifecycle lifecycle) {
        int pageSize = config.pageSize();
        ZswapLru lru = new ZswapLru(space, config.contexts());
        this.file = file;
        this.readPool = WritebackReadPool.create(file, new PoolDecompressor(pools, driverIds, counters, lifecycle),
                WritebackReadPoolConfig.builder()
                        .maxRecordLength(file.recordLength(WrittenBackRecord.recordLength(pageSize))).build());
        this.reads = new WrittenBackReads(pageSize, readPool);
        this.writeback = new EntryWriteback(pageSize, space, zsPool, pools, file, driverIds, counters, lifecycle);
        this.shrinker = new Shrinker(config.poolLimitPolicy(), limit, lru, writeback, zsPool, entries, pageSize,
                lifecycle);
        this.explicit = new ExplicitWriteback(pageSize, space, lru, writeback, lifecycle,
                config.writebackLimitBytes());
    }

    /** The backing file of {@code config}: owner-only, deleted on close, records sealed as configured. */
    static BackingFile openFile(ZswapConfig config, Path path) {
        BackingFileConfig.Builder b = BackingFileConfig.builder(path).maxSize(config.backingFileBytes())
                .protection(config.backingFileEncrypted() ? RecordProtection.AES_GCM : RecordProtection.CRC32C)
                .sizing(config.backingFilePresized() ? BackingFileConfig.Sizing.PRESIZED : BackingFileConfig.Sizing.GROW);
        config.backingFileDecorator().ifPresent(b::channelDecorator);
        return BackingFile.create(b.build());
    }

    WritebackStats stats() {
        return readPool.stats();
    }

    /** Stops the shrinker and lets reads in flight finish; the file is closed by {@link #closeFile()}. */
    @Override
    public void close() {
        shrinker.close();
        readPool.close();
    }

    void closeFile() {
        file.close();
    }
}
