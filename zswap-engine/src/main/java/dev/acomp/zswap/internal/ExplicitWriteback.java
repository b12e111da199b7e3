package dev.acomp.zswap.internal;

import dev.acomp.zswap.WritebackResult;
import dev.acomp.zswap.vswap.VswapCluster;
import dev.acomp.zswap.vswap.VswapSpace;
import java.util.concurrent.atomic.AtomicLong;

/**
 * zram-style writeback on request: idle pages (untouched since the last markIdle), huge pages (stored
 * as is), or the coldest pages up to a byte count; all within the writeback_limit byte budget.
 */
final class ExplicitWriteback {
    private final int pageSize;
    private final VswapSpace space;
    private final ZswapLru lru;
    private final EntryWriteback writeback;
    private final Lifecycle lifecycle;
    /** Bytes explicit writeback may still write (zram's writeback_limit). */
    private final AtomicLong budget;

    ExplicitWriteback(int pageSize, VswapSpace space, ZswapLru lru, EntryWriteback writeback, Lifecycle lifecycle,
            long writebackLimitBytes) {
        this.pageSize = pageSize;
        this.space = space;
        this.lru = lru;
        this.writeback = writeback;
        this.lifecycle = lifecycle;
        this.budget = new AtomicLong(writebackLimitBytes);
    }

    WritebackResult writebackIdle() {
        return writebackFlagged(VswapCluster.IDLE);
    }

    WritebackResult writebackHuge() {
        return writebackFlagged(VswapCluster.RAW);
    }

    /** Writes back the coldest entries until {@code maxBytes} of records are written. */
    WritebackResult writeback(long maxBytes) {
        lifecycle.ensureOpen();
        Progress p = new Progress();
        ZswapLru.Isolated coldest = new ZswapLru.Isolated();
        while (p.bytes < maxBytes && p.canContinue() && lru.isolateColdest(coldest)) {
            p.account(writeback.writeback(coldest.entry, coldest.generation, false, p.buffers));
        }
        return p.result();
    }

    private WritebackResult writebackFlagged(int flag) {
        lifecycle.ensureOpen();
        Progress p = new Progress();
        for (int k = 0; k < space.clusterCount() && p.canContinue(); k++) {
            VswapCluster c = space.clusterAt(k);
            for (int i = 0; i < c.size() && p.canContinue(); i++) {
                int generation;
                c.lock.lock();
                try {
                    if (!VswapCluster.holdsObject(c.flags(i)) || !c.has(i, flag)) {
                        continue;
                    }
                    generation = c.generation(i);
                } finally {
                    c.lock.unlock();
                }
                p.account(writeback.writeback(c.base() + i, generation, false, p.buffers));
            }
        }
        return p.result();
    }

    /** One request's tally, drawing on the budget. */
    private final class Progress {
        final EntryWriteback.Buffers buffers = new EntryWriteback.Buffers(pageSize);
        long pages;
        long bytes;
        boolean limitReached;
        boolean fileFull;
        boolean writeFailed;

        boolean canContinue() {
            if (budget.get() <= 0) {
                limitReached = true;
            }
            return !limitReached && !fileFull && !writeFailed && !lifecycle.isClosed();
        }

        void account(EntryWriteback.Outcome outcome) {
            if (outcome == EntryWriteback.Outcome.WRITTEN) {
                pages++;
                bytes += buffers.recordLength;
                budget.addAndGet(-buffers.recordLength);
            } else if (outcome == EntryWriteback.Outcome.FILE_FULL) {
                fileFull = true;
            } else if (outcome == EntryWriteback.Outcome.WRITE_ERROR) {
                writeFailed = true;
            }
        }

        WritebackResult result() {
            return new WritebackResult(pages, bytes, limitReached, fileFull, writeFailed);
        }
    }
}
