package dev.acomp.api;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One operation on up to {@link Acomp#maxBatchSize()} units (pages), as the kernel's
 * {@code struct acomp_req}: sources, destinations, flags, a callback and an opaque
 * {@link #kernelData()} slot passed through untouched. Made by {@link Acomp#newRequest()} and reused:
 * setting it up and submitting it allocates nothing.
 *
 * <p>Each unit reads its source from position to limit and writes its destination from position up to
 * limit. Positions and limits are the same after completion as before; the output length is
 * {@link #producedLength(int)}. Direct buffers are used without a copy; heap buffers are accepted.
 *
 * <p>A request is used by one thread at a time and is not resubmitted before it completes.
 *
 * <p>The methods under "driver side" are for {@link Acomp} implementations only.
 */
public final class AcompRequest implements AutoCloseable {
    private static final int IDLE = 0;
    private static final int IN_FLIGHT = 1;
    private static final int CLOSED = 2;

    private final Acomp transform;
    private final Object driverContext;
    private final Runnable releaseContext;
    private final int capacity;
    private final ByteBuffer[] sources;
    private final ByteBuffer[] destinations;
    private final int[] produced;
    private final Status[] statuses;
    private final RequestFailedException[] failures;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AcompWait syncWait = new AcompWait();

    private Operation operation = Operation.COMPRESS;
    private int units = 1;
    private int flags = AcompFlags.MAY_SLEEP | AcompFlags.MAY_BACKLOG;
    private Object kernelData;
    private AcompCallback callback;

    /**
     * Driver side: a request for {@code transform} with room for {@code capacity} units.
     *
     * @param driverContext the driver's per-request state, handed back by {@link #driverContext()}
     * @param releaseContext run once when the request is closed, to release that state
     */
    public AcompRequest(Acomp transform, int capacity, Object driverContext, Runnable releaseContext) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.transform = transform;
        this.capacity = capacity;
        this.driverContext = driverContext;
        this.releaseContext = releaseContext;
        this.sources = new ByteBuffer[capacity];
        this.destinations = new ByteBuffer[capacity];
        this.produced = new int[capacity];
        this.statuses = new Status[capacity];
        this.failures = new RequestFailedException[capacity];
    }

    // ---- caller side: set-up ----

    public AcompRequest operation(Operation operation) {
        this.operation = java.util.Objects.requireNonNull(operation, "operation");
        return this;
    }

    /** A one-unit request: unit 0's source and destination. */
    public AcompRequest buffers(ByteBuffer source, ByteBuffer destination) {
        units(1);
        return unit(0, source, destination);
    }

    /** Sets unit {@code index}'s buffers; {@link #units(int)} says how many units are submitted. */
    public AcompRequest unit(int index, ByteBuffer source, ByteBuffer destination) {
        if (index < 0 || index >= capacity) {
            throw new IllegalArgumentException("unit " + index + " outside this request's capacity of " + capacity
                    + " (" + transform.driver() + " batches at most " + capacity + ")");
        }
        sources[index] = java.util.Objects.requireNonNull(source, "source");
        destinations[index] = java.util.Objects.requireNonNull(destination, "destination");
        return this;
    }

    /** How many units (1..capacity) the next submission carries. */
    public AcompRequest units(int count) {
        if (count < 1 || count > capacity) {
            throw new IllegalArgumentException(transform.driver() + " takes 1.." + capacity
                    + " units per request, not " + count);
        }
        this.units = count;
        return this;
    }

    /** {@link AcompFlags} bits. */
    public AcompRequest flags(int flags) {
        this.flags = flags;
        return this;
    }

    /** An opaque slot for the caller or the driver, passed through untouched. */
    public AcompRequest kernelData(Object kernelData) {
        this.kernelData = kernelData;
        return this;
    }

    public AcompRequest callback(AcompCallback callback) {
        this.callback = callback;
        return this;
    }

    // ---- caller side: synchronous helpers (kernel: crypto_wait_req) ----

    /** Compresses one unit and waits. Returns the compressed length; throws the unit's typed failure. */
    public int compress(ByteBuffer source, ByteBuffer destination) {
        return executeOne(Operation.COMPRESS, source, destination);
    }

    /** Decompresses one unit and waits. Returns the decompressed length; throws the unit's typed failure. */
    public int decompress(ByteBuffer source, ByteBuffer destination) {
        return executeOne(Operation.DECOMPRESS, source, destination);
    }

    private int executeOne(Operation op, ByteBuffer source, ByteBuffer destination) {
        operation(op).buffers(source, destination);
        execute();
        throwIfFailed();
        return produced[0];
    }

    /** Submits with an internal wait as the callback and blocks until every unit has completed. */
    public AcompRequest execute() {
        syncWait.submitAndAwait(transform, this);
        return this;
    }

    /** Throws the first failed unit's typed exception, if any unit failed. */
    public void throwIfFailed() {
        for (int i = 0; i < units; i++) {
            if (statuses[i] != Status.OK) {
                throw failures[i];
            }
        }
    }

    // ---- caller side: results ----

    public Acomp transform() {
        return transform;
    }

    public int capacity() {
        return capacity;
    }

    public int units() {
        return units;
    }

    public Operation operation() {
        return operation;
    }

    public int flags() {
        return flags;
    }

    public Object kernelData() {
        return kernelData;
    }

    public AcompCallback callback() {
        return callback;
    }

    public ByteBuffer source(int unit) {
        return sources[unit];
    }

    public ByteBuffer destination(int unit) {
        return destinations[unit];
    }

    /** {@link Status#OK} when every unit succeeded, else the status of the first unit that failed. */
    public Status status() {
        for (int i = 0; i < units; i++) {
            if (statuses[i] != Status.OK) {
                return statuses[i];
            }
        }
        return Status.OK;
    }

    public Status status(int unit) {
        return statuses[checkUnit(unit)];
    }

    /** Bytes written to unit's destination; 0 when the unit failed. */
    public int producedLength(int unit) {
        return produced[checkUnit(unit)];
    }

    /** The unit's typed failure, or null when it succeeded. */
    public RequestFailedException failure(int unit) {
        return failures[checkUnit(unit)];
    }

    /** The backend's status code for a failed unit, or {@link RequestFailedException#NO_NATIVE_CODE}. */
    public int nativeCode(int unit) {
        RequestFailedException f = failures[checkUnit(unit)];
        return f == null ? RequestFailedException.NO_NATIVE_CODE : f.nativeCode();
    }

    public boolean isInFlight() {
        return state.get() == IN_FLIGHT;
    }

    private int checkUnit(int unit) {
        if (unit < 0 || unit >= units) {
            throw new IndexOutOfBoundsException("unit " + unit + " of " + units);
        }
        return unit;
    }

    // ---- driver side ----

    /** Driver side: the per-request state the driver attached. */
    public Object driverContext() {
        return driverContext;
    }

    /**
     * Driver side: marks the request in flight and clears its results. Throws
     * {@link RequestFailedException.AcompClosedException} when the request (or its transform) was closed,
     * and {@link IllegalStateException} when it belongs to another transform or is already in flight.
     */
    public void beginSubmission(Acomp owner) {
        if (owner != transform) {
            throw new IllegalArgumentException("request of " + transform.driver() + " submitted to " + owner.driver());
        }
        if (!state.compareAndSet(IDLE, IN_FLIGHT)) {
            if (state.get() == CLOSED) {
                throw new RequestFailedException.AcompClosedException(transform.driver(), 0,
                        transform.isClosed() ? "transform closed" : "request closed");
            }
            throw new IllegalStateException("request already in flight");
        }
        for (int i = 0; i < units; i++) {
            if (sources[i] == null || destinations[i] == null) {
                state.set(IDLE);
                throw new IllegalStateException("unit " + i + " has no buffers");
            }
            statuses[i] = null;
            produced[i] = 0;
            failures[i] = null;
        }
    }

    /** Driver side: unit succeeded with {@code producedLength} bytes of output. */
    public void unitSucceeded(int unit, int producedLength) {
        statuses[unit] = Status.OK;
        produced[unit] = producedLength;
        failures[unit] = null;
    }

    /** Driver side: unit failed. */
    public void unitFailed(int unit, RequestFailedException failure) {
        statuses[unit] = failure.status();
        produced[unit] = 0;
        failures[unit] = failure;
    }

    /**
     * Driver side: every unit has a result; the request becomes idle and its callback runs, once. What
     * the callback throws goes to {@code handler}.
     */
    public void complete(CallbackFailureHandler handler) {
        for (int i = 0; i < units; i++) {
            if (statuses[i] == null) {
                unitFailed(i, new RequestFailedException.BackendFailureException(transform.driver(), i,
                        RequestFailedException.NO_NATIVE_CODE, "driver completed the request without a result", null));
            }
        }
        if (!state.compareAndSet(IN_FLIGHT, IDLE)) {
            throw new IllegalStateException("request completed twice by " + transform.driver());
        }
        AcompCallback cb = callback;
        if (cb != null) {
            try {
                cb.onComplete(this);
            } catch (Throwable t) {
                handler.callbackFailed(this, t);
            }
        }
    }

    /** Closes the request, waiting for it if it is in flight, and releases the driver's state. */
    @Override
    public void close() {
        while (true) {
            int s = state.get();
            if (s == CLOSED) {
                return;
            }
            if (s == IDLE && state.compareAndSet(IDLE, CLOSED)) {
                break;
            }
            Thread.onSpinWait();
        }
        if (releaseContext != null) {
            releaseContext.run();
        }
    }

    public boolean isClosed() {
        return state.get() == CLOSED;
    }

    @Override
    public String toString() {
        return "AcompRequest[" + transform.driver() + ", " + operation + ", units=" + units + "]";
    }
}
