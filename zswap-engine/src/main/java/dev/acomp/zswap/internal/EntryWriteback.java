package dev.acomp.zswap.internal;

import dev.acomp.zswap.alloc.ZsPool;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import dev.acomp.zswap.writeback.BackingFile;
import dev.acomp.zswap.writeback.BackingFileFullException;
import dev.acomp.zswap.writeback.DriverIds;
import dev.acomp.zswap.writeback.WritebackException;
import dev.acomp.zswap.writeback.WrittenBackRecord;
import java.nio.ByteBuffer;

/**
 * zswap_writeback_entry without the decompression (seed 002): the entry's compressed bytes (or its raw
 * page) go to the backing file as a record, and its pool memory is freed. The record is encoded under
 * the cluster lock, written with no lock held, and committed only if the entry is still the same one
 * (generation); otherwise the record is freed again. An entry whose write failed stays in memory, where
 * the LRU's CLOCK finds it again.
 */
final class EntryWriteback {
    /** What became of one entry. */
    enum Outcome {
        WRITTEN,
        /** Gone, replaced, already written back, or nothing to write (same-filled). */
        SKIPPED,
        /** Referenced since the LRU last looked: put back as hot (second chance). */
        ROTATED,
        FILE_FULL,
        WRITE_ERROR
    }

    /** Scratch for one writer: the object's bytes and the plain record. */
    static final class Buffers {
        final ByteBuffer payload;
        final ByteBuffer record;
        /** Bytes the record takes on the file, sealed. */
        int recordLength;

        Buffers(int pageSize) {
            payload = ByteBuffer.allocate(pageSize);
            record = ByteBuffer.allocate(WrittenBackRecord.recordLength(pageSize));
        }
    }

    private final int pageSize;
    private final VswapSpace space;
    private final ZsPool zsPool;
    private final ZswapPools pools;
    private final BackingFile file;
    private final DriverIds driverIds;
    private final ZswapCounters counters;
    private final Lifecycle lifecycle;

    EntryWriteback(int pageSize, VswapSpace space, ZsPool zsPool, ZswapPools pools, BackingFile file,
            DriverIds driverIds, ZswapCounters counters, Lifecycle lifecycle) {
        this.pageSize = pageSize;
        this.space = space;
        this.zsPool = zsPool;
        this.pools = pools;
        this.file = file;
        this.driverIds = driverIds;
        this.counters = counters;
        this.lifecycle = lifecycle;
    }

    /**
     * Writes back {@code entry} if it still has {@code generation}. With {@code secondChance} (the entry
     * came off the LRU), a referenced entry is put back instead.
     */
    Outcome writeback(long entry, int generation, boolean secondChance, Buffers buffers) {
        VswapCluster c = space.cluster(entry);
        int i = c.index(entry);
        Outcome prepared = encodeRecord(c, i, generation, secondChance, buffers);
        if (prepared != Outcome.WRITTEN) {
            return prepared;
        }
        long slot;
        try {
            slot = file.write(buffers.record);
        } catch (BackingFileFullException e) {
            counters.rejectReclaimFail.increment();
            return Outcome.FILE_FULL;
        } catch (WritebackException e) {
            counters.rejectReclaimFail.increment();
            return Outcome.WRITE_ERROR;
        }
        return commit(c, i, generation, slot, buffers.recordLength);
    }

    /** Under the cluster lock: checks the entry and encodes its record into {@code buffers}. */
    private Outcome encodeRecord(VswapCluster c, int i, int generation, boolean secondChance, Buffers buffers) {
        c.lock.lock();
        try {
            int f = c.flags(i);
            if (lifecycle.isClosed() || c.generation(i) != generation || !VswapCluster.holdsObject(f)) {
                return Outcome.SKIPPED;
            }
            if (secondChance && (f & VswapCluster.REFERENCED) != 0) {
                c.clearFlag(i, VswapCluster.REFERENCED);
                return Outcome.ROTATED;
            }
            boolean raw = (f & VswapCluster.RAW) != 0;
            short driverId = raw ? 0 : driverIds.idOf(pools.ofEntry(c.poolId(i)).transform.driver());
            int length = zsPool.read(c.handle(i), buffers.payload.clear(), 0);
            int plain = WrittenBackRecord.encode(buffers.record.clear(), raw, driverId, generation,
                    buffers.payload.limit(length));
            buffers.record.limit(plain);
            buffers.recordLength = file.recordLength(plain);
            return Outcome.WRITTEN;
        } finally {
            c.lock.unlock();
        }
    }

    private Outcome commit(VswapCluster c, int i, int generation, long slot, int recordLength) {
        c.lock.lock();
        try {
            int f = c.flags(i);
            if (lifecycle.isClosed() || c.generation(i) != generation || (f & VswapCluster.STORED) == 0
                    || (f & VswapCluster.WRITTEN_BACK) != 0) {
                file.free(slot, recordLength);
                return Outcome.SKIPPED;
            }
            // The current handle: compaction may have moved the object since it was read.
            zsPool.free(c.handle(i));
            c.markWrittenBack(i, slot, recordLength);
            counters.writtenBackPages.increment();
            counters.writtenBackRawBytes.add(pageSize);
            return Outcome.WRITTEN;
        } finally {
            c.lock.unlock();
        }
    }
}
