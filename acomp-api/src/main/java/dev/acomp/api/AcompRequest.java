package dev.acomp.api;

import dev.acomp.api.spi.Submission;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One operation on up to {@link Acomp#maxBatchSize()} units (pages), as the kernel's
 * {@code struct acomp_req}: sources, destinations, {@link AcompFlags flags}, a callback and an opaque
 * {@link #kernelData()} slot passed to the driver untouched. Made by {@link Acomp#newRequest()} and
 * reused: setting it up and submitting it allocates nothing.
 *
 * <p>Each unit reads its source from position to limit and writes its destination from position up to
 * limit. Positions and limits are the same after completion as before; the output length is
 * {@link #producedLength(int)}, a failure is {@link #failure(int)}. Direct buffers are used without a
 * copy; heap buffers are accepted; a read-only destination is refused.
 *
 * <p>A request is used by one thread at a time and is not resubmitted before it completes. Its callback,
 * when set, runs exactly once per submission, for the synchronous helpers too; waiting never replaces it.
 */
public final class AcompRequest implements AutoCloseable {
    private static final int IDLE = 0;
    private static final int IN_FLIGHT = 1;
    private static final int CLOSED = 2;

    private final Acomp transform;
    private final Object driverContext;
    private final int capacity;
    private final ByteBuffer[] sources;
    private final ByteBuffer[] destinations;
    private final int[] produced;
    private final RequestFailedException[] failures;
    private final boolean[] reported;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final DriverView submission = new DriverView();
    /** Submissions begun, and those whose callback has returned: a synchronous caller waits for its own. */
    private long begun;
    private volatile long finished;
    private volatile Thread syncWaiter;
    private volatile Thread closer;

    private Operation operation = Operation.COMPRESS;
    private int units = 1;
    private int flags = AcompFlags.MAY_SLEEP | AcompFlags.MAY_BACKLOG;
    private Object kernelData;
    private AcompCallback callback;

    AcompRequest(Acomp transform, int capacity, Object driverContext) {
        this.transform = transform;
        this.capacity = capacity;
        this.driverContext = driverContext;
        this.sources = new ByteBuffer[capacity];
        this.destinations = new ByteBuffer[capacity];
        this.produced = new int[capacity];
        this.failures = new RequestFailedException[capacity];
        this.reported = new boolean[capacity];
    }

    // ---- set-up ----

    public AcompRequest operation(Operation operation) {
        this.operation = Objects.requireNonNull(operation, "operation");
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
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (destination.isReadOnly()) {
            // Native codecs write through a direct buffer's address whatever its read-only flag.
            throw new IllegalArgumentException(transform.driver() + ": unit " + index + "'s destination is read-only");
        }
        sources[index] = source;
        destinations[index] = destination;
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

    /** {@link AcompFlags} bits; both are set on a new request. */
    public AcompRequest flags(int flags) {
        if ((flags & ~AcompFlags.ALL) != 0) {
            throw new IllegalArgumentException("unknown acomp flags: 0x" + Integer.toHexString(flags & ~AcompFlags.ALL));
        }
        this.flags = flags;
        return this;
    }

    /** The caller's opaque slot, passed to the driver and back untouched. */
    public AcompRequest kernelData(Object kernelData) {
        this.kernelData = kernelData;
        return this;
    }

    /** Called once per submission, when every unit has completed; null for none. */
    public AcompRequest callback(AcompCallback callback) {
        this.callback = callback;
        return this;
    }

    // ---- synchronous helpers (kernel: crypto_wait_req) ----

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

    /**
     * Submits and blocks (parked) until every unit has completed and the callback, if any, has returned.
     * Interrupts are remembered, not thrown.
     */
    public AcompRequest execute() {
        Thread me = Thread.currentThread();
        syncWaiter = me;
        try {
            transform.submit(this);
            long mine = begun;
            boolean interrupted = false;
            while (finished < mine) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                me.interrupt();
            }
        } finally {
            syncWaiter = null;
        }
        return this;
    }

    /** Throws the first failed unit's typed exception, if any unit failed. */
    public void throwIfFailed() {
        RequestFailedException f = failure();
        if (f != null) {
            throw f;
        }
    }

    // ---- results ----

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
        return sources[checkUnit(unit)];
    }

    public ByteBuffer destination(int unit) {
        return destinations[checkUnit(unit)];
    }

    /** Bytes written to the unit's destination; 0 when it failed. */
    public int producedLength(int unit) {
        return produced[checkUnit(unit)];
    }

    /** The unit's typed failure (its status and native code inside), or null when it succeeded. */
    public RequestFailedException failure(int unit) {
        return failures[checkUnit(unit)];
    }

    /** The first failed unit's failure, or null when every unit succeeded. */
    public RequestFailedException failure() {
        for (int i = 0; i < units; i++) {
            if (failures[i] != null) {
                return failures[i];
            }
        }
        return null;
    }

    /** True when every unit of the last submission succeeded. */
    public boolean succeeded() {
        return failure() == null;
    }

    public boolean isInFlight() {
        return state.get() == IN_FLIGHT;
    }

    public boolean isClosed() {
        return state.get() == CLOSED;
    }

    private int checkUnit(int unit) {
        if (unit < 0 || unit >= units) {
            throw new IndexOutOfBoundsException("unit " + unit + " of " + units);
        }
        return unit;
    }

    // ---- life cycle, driven by Acomp ----

    Submission<Object> submission() {
        return submission;
    }

    /** Marks the request in flight and clears its results. */
    void begin() {
        if (!state.compareAndSet(IDLE, IN_FLIGHT)) {
            if (state.get() == CLOSED) {
                throw new RequestFailedException.AcompClosedException(transform.driver(), 0,
                        transform.isClosed() ? "transform closed" : "request closed");
            }
            throw new IllegalStateException("request already in flight");
        }
        for (int i = 0; i < units; i++) {
            if (sources[i] == null) {
                state.set(IDLE);
                throw new IllegalStateException("unit " + i + " has no buffers");
            }
            produced[i] = 0;
            failures[i] = null;
            reported[i] = false;
        }
        begun++;
    }

    /** The driver threw from submit: units without a result fail with it, and the request completes. */
    void abandon(Throwable thrown) {
        if (state.get() != IN_FLIGHT) {
            return;
        }
        for (int i = 0; i < units; i++) {
            if (!reported[i]) {
                fail(i, new RequestFailedException.BackendFailureException(transform.driver(), i,
                        RequestFailedException.NO_NATIVE_CODE, "driver threw " + thrown, thrown));
            }
        }
        submission.complete();
    }

    private void fail(int unit, RequestFailedException failure) {
        produced[unit] = 0;
        failures[unit] = Objects.requireNonNull(failure, "failure");
        reported[unit] = true;
    }

    /** Closes the request, parking while it is in flight, and releases the driver's state. */
    @Override
    public void close() {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        while (true) {
            int s = state.get();
            if (s == CLOSED) {
                break;
            }
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, CLOSED)) {
                    transform.released(this, driverContext);
                    break;
                }
                continue;
            }
            closer = me;
            if (state.get() == IN_FLIGHT) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        closer = null;
        if (interrupted) {
            me.interrupt();
        }
    }

    @Override
    public String toString() {
        return "AcompRequest[" + transform.driver() + ", " + operation + ", units=" + units + "]";
    }

    /** The driver's view: what {@link Acomp#submit} hands to the driver, never to the caller. */
    private final class DriverView implements Submission<Object> {
        @Override
        public String driver() {
            return transform.driver();
        }

        @Override
        public Operation operation() {
            return operation;
        }

        @Override
        public int units() {
            return units;
        }

        @Override
        public int flags() {
            return flags;
        }

        @Override
        public ByteBuffer source(int unit) {
            return sources[checkUnit(unit)];
        }

        @Override
        public ByteBuffer destination(int unit) {
            return destinations[checkUnit(unit)];
        }

        @Override
        public Object context() {
            return driverContext;
        }

        @Override
        public Object kernelData() {
            return kernelData;
        }

        @Override
        public void succeeded(int unit, int producedLength) {
            int i = checkUnit(unit);
            if (producedLength < 0 || producedLength > destinations[i].remaining()) {
                throw new IllegalArgumentException(transform.driver() + ": unit " + i + " produced " + producedLength
                        + " bytes into a destination of " + destinations[i].remaining());
            }
            produced[i] = producedLength;
            failures[i] = null;
            reported[i] = true;
        }

        @Override
        public void failed(int unit, RequestFailedException failure) {
            fail(checkUnit(unit), failure);
        }

        @Override
        public void complete() {
            for (int i = 0; i < units; i++) {
                if (!reported[i]) {
                    fail(i, new RequestFailedException.BackendFailureException(transform.driver(), i,
                            RequestFailedException.NO_NATIVE_CODE, "driver completed the request without a result",
                            null));
                }
            }
            long seq = begun;
            if (!state.compareAndSet(IN_FLIGHT, IDLE)) {
                throw new IllegalStateException("request completed twice by " + transform.driver());
            }
            wake(closer);
            AcompCallback cb = callback;
            if (cb != null) {
                transform.runCallback(AcompRequest.this, cb);
            }
            finished = seq;
            wake(syncWaiter);
        }

        private void wake(Thread t) {
            // Synchronous drivers complete on the waiting thread itself: nothing to wake.
            if (t != null && t != Thread.currentThread()) {
                LockSupport.unpark(t);
            }
        }
    }
}
