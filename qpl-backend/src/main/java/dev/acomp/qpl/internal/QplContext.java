package dev.acomp.qpl.internal;

import dev.acomp.api.AcompFlags;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import dev.acomp.api.spi.Submission;
import java.nio.ByteBuffer;

/**
 * The native state of one request: a job per unit on the driver's path, allocated once and never
 * moved, the units' buffer addresses, and, on the hardware path, a software-path job made on first
 * need for units the device cannot run. A batch is submitted whole before any job is polled, so its
 * jobs are in flight together. Used by one thread at a time: the submitter, then (in poller mode) the
 * completion poller.
 *
 * <p>A compression gets at least QPL's safe size for its source: Intel's software path needs room
 * beyond the stream's length (its bit buffer flushes the last byte only with 8 bytes left), so a
 * destination smaller than that is staged and the stream copied if it fits.
 */
final class QplContext implements AutoCloseable {
    /** The stream of no bytes, which QPL refuses to make (SIZE_ERR): one final fixed block of just its end of block. */
    private static final byte[] EMPTY_STREAM = {0x03, 0x00};

    private final QplSettings settings;
    private final QplStatistics statistics;
    private final QplJob[] jobs;
    private final UnitSlot[] slots;
    private final boolean[] inFlight;
    /** Per unit: checks that found the queues too full for the job's next descriptor. */
    private final int[] busyChecks;
    private final long[] sources;
    private final int[] lengths;
    private final long[] destinations;
    private final int[] capacities;
    private final int[] rooms;
    private QplJob softwareJob;
    private Submission<QplContext> request;
    private int op;
    private int flags;
    private int pending;

    QplContext(QplSettings settings, QplStatistics statistics) throws QplInitException {
        this.settings = settings;
        this.statistics = statistics;
        int n = settings.batchSize();
        this.jobs = new QplJob[n];
        this.slots = new UnitSlot[n];
        this.inFlight = new boolean[n];
        this.busyChecks = new int[n];
        this.sources = new long[n];
        this.lengths = new int[n];
        this.destinations = new long[n];
        this.capacities = new int[n];
        this.rooms = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                jobs[i] = QplJob.open(settings.path());
                slots[i] = new UnitSlot();
            }
        } catch (QplInitException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts every unit of {@code r}: all hardware jobs are submitted before this returns; units on the
     * software path (the driver's own or a fallback) run here. Returns true when no job is left in flight.
     */
    boolean start(Submission<QplContext> r) {
        request = r;
        boolean compress = r.operation() == Operation.COMPRESS;
        op = compress ? QplJob.OP_COMPRESS : QplJob.OP_DECOMPRESS;
        flags = compress ? QplJob.COMPRESS_FLAGS : QplJob.DECOMPRESS_FLAGS;
        pending = 0;
        for (int i = 0; i < r.units(); i++) {
            inFlight[i] = false;
            busyChecks[i] = 0;
            if (prepareUnit(i)) {
                QplJob job = jobs[i];
                job.prepare(op, flags, settings.level(), sources[i], lengths[i], destinations[i], capacities[i]);
                if (settings.hardware()) {
                    submitToDevice(i, job);
                } else {
                    statistics.jobsSubmitted.increment();
                    resolve(i, job, job.execute());
                }
            }
        }
        return pending == 0;
    }

    private boolean prepareUnit(int i) {
        ByteBuffer src = request.source(i);
        ByteBuffer dst = request.destination(i);
        lengths[i] = src.remaining();
        rooms[i] = dst.remaining();
        int needed = op == QplJob.OP_COMPRESS ? QplLibrary.get().safeCompressionBufferSize(lengths[i]) : 0;
        try {
            sources[i] = slots[i].source(src);
            destinations[i] = slots[i].destination(dst, needed);
        } catch (IllegalArgumentException e) {
            fail(i, Status.BACKEND_FAILURE, RequestFailedException.NO_NATIVE_CODE, e.getMessage());
            return false;
        }
        capacities[i] = slots[i].destinationCapacity();
        if (lengths[i] > 0) {
            return true;
        }
        if (op == QplJob.OP_DECOMPRESS) {
            // The software path calls an empty stream OK and decodes nothing; it is no stream at all.
            fail(i, Status.CORRUPT_INPUT, RequestFailedException.NO_NATIVE_CODE, "empty stream");
        } else if (rooms[i] < EMPTY_STREAM.length) {
            tooSmall(i, RequestFailedException.NO_NATIVE_CODE, EMPTY_STREAM.length);
        } else {
            dst.put(dst.position(), EMPTY_STREAM);
            succeed(i, EMPTY_STREAM.length);
        }
        return false;
    }

    private void submitToDevice(int i, QplJob job) {
        int status = job.submit();
        for (int n = 0; status == QplStatus.QUEUES_ARE_BUSY && n < resubmits(); n++) {
            statistics.busyResubmits.increment();
            Thread.onSpinWait();
            status = job.submit();
        }
        if (status == QplStatus.OK) {
            statistics.jobsSubmitted.increment();
            inFlight[i] = true;
            pending++;
        } else {
            resolve(i, job, status);
        }
    }

    /** Checks the jobs still in flight once; true when none is left. */
    boolean poll() {
        for (int i = 0; pending > 0 && i < request.units(); i++) {
            if (inFlight[i]) {
                int status = jobs[i].check();
                if (status == QplStatus.QUEUES_ARE_BUSY && busyChecks[i] < resubmits()) {
                    // On IAA 1.0 a dynamic Huffman job is two descriptors and the check queues the second:
                    // the job stays submitted and the next check tries again.
                    busyChecks[i]++;
                    statistics.busyResubmits.increment();
                } else if (status != QplStatus.BEING_PROCESSED) {
                    inFlight[i] = false;
                    pending--;
                    resolve(i, jobs[i], status);
                }
            }
        }
        return pending == 0;
    }

    /** Polls on the calling thread until every job has completed; parks between sweeps only if it may sleep. */
    void awaitJobs() {
        boolean maySleep = request.hasFlag(AcompFlags.MAY_SLEEP);
        int idle = 0;
        while (!poll()) {
            idle = Backoff.idle(idle, maySleep);
        }
    }

    /** Every unit has a result: completes the request and lets go of it. */
    void complete() {
        Submission<QplContext> r = request;
        request = null;
        r.complete();
    }

    private void resolve(int i, QplJob job, int status) {
        if (status == QplStatus.OK) {
            int produced = job.totalOut();
            if (slots[i].deliver(request.destination(i), produced)) {
                succeed(i, produced);
            } else {
                tooSmall(i, RequestFailedException.NO_NATIVE_CODE, produced);
            }
        } else if (QplStatus.isDestinationTooSmall(status)) {
            tooSmall(i, status, 0);
        } else if (status == QplStatus.QUEUES_ARE_BUSY) {
            busy(i);
        } else if (op == QplJob.OP_DECOMPRESS && status == QplStatus.BAD_DIST && job.path() == QplJob.PATH_HARDWARE
                && settings.softwareFallback()) {
            // A valid stream from a 32 KiB-window compressor may reach past the device's 4 KiB history.
            statistics.historyFallbacks.increment();
            runInSoftware(i);
        } else if (op == QplJob.OP_DECOMPRESS && QplStatus.isCorruptStream(status)) {
            fail(i, Status.CORRUPT_INPUT, status, QplStatus.describe(status) + " on the " + QplJob.pathName(job.path())
                    + " path");
        } else if (job.path() == QplJob.PATH_HARDWARE && settings.softwareFallback()) {
            // The device left the source untouched: the software path gives the same stream.
            (QplStatus.isPageFault(status) ? statistics.pageFaultFallbacks : statistics.operationErrorFallbacks)
                    .increment();
            runInSoftware(i);
        } else {
            fail(i, Status.BACKEND_FAILURE, status, QplStatus.describe(status) + " on the "
                    + QplJob.pathName(job.path()) + " path");
        }
    }

    private void runInSoftware(int i) {
        if (softwareJob == null) {
            try {
                softwareJob = QplJob.open(QplJob.PATH_SOFTWARE);
            } catch (QplInitException e) {
                fail(i, Status.BACKEND_FAILURE, e.status(), "software fallback unavailable: " + e.getMessage());
                return;
            }
        }
        softwareJob.prepare(op, flags, settings.level(), sources[i], lengths[i], destinations[i], capacities[i]);
        resolve(i, softwareJob, softwareJob.execute());
    }

    /** Without MAY_BACKLOG a full queue fails the unit at once: no resubmit, no fallback. */
    private boolean mayBacklog() {
        return request.hasFlag(AcompFlags.MAY_BACKLOG);
    }

    private int resubmits() {
        return mayBacklog() ? settings.busyResubmits() : 0;
    }

    /** The queues stayed full through the resubmits. */
    private void busy(int i) {
        if (mayBacklog() && settings.softwareFallback()) {
            statistics.busyFallbacks.increment();
            runInSoftware(i);
        } else {
            fail(i, Status.BUSY, QplStatus.QUEUES_ARE_BUSY, mayBacklog()
                    ? "work queues still full after " + settings.busyResubmits() + " resubmits"
                    : "work queues full and the request may not backlog");
        }
    }

    private void succeed(int i, int produced) {
        request.succeeded(i, produced);
    }

    /** The output did not fit: {@code needed} is how many bytes it took, when known. */
    private void tooSmall(int i, int nativeCode, int needed) {
        fail(i, Status.DESTINATION_TOO_SMALL, nativeCode, rooms[i] + " bytes of room"
                + (needed > 0 ? " for a " + needed + "-byte stream" : ""));
    }

    private void fail(int i, Status status, int nativeCode, String detail) {
        statistics.unitsFailed.increment();
        request.failed(i, RequestFailedException.of(status, settings.driver(), i, nativeCode, detail, null));
    }

    @Override
    public void close() {
        for (int i = 0; i < jobs.length; i++) {
            if (jobs[i] != null) {
                jobs[i].close();
            }
            if (slots[i] != null) {
                slots[i].clear();
            }
        }
        if (softwareJob != null) {
            softwareJob.close();
        }
    }
}
