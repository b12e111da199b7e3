package dev.acomp.qpl.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One {@code qpl_job} in native memory that never moves (QPL stores absolute pointers into it), set up
 * by {@code qpl_init_job} and released by {@link #close()}. Fields are written at the offsets of QPL
 * 1.x's x86-64 layout. Used by one thread at a time.
 */
final class QplJob implements AutoCloseable {
    static final int PATH_HARDWARE = 1;
    static final int PATH_SOFTWARE = 2;
    static final int OP_DECOMPRESS = 0;
    static final int OP_COMPRESS = 1;
    static final int LEVEL_DEFAULT = 1;
    static final int LEVEL_HIGH = 3;
    private static final int FLAG_FIRST = 0x1;
    private static final int FLAG_LAST = 0x2;
    private static final int FLAG_DYNAMIC_HUFFMAN = 0x2000;
    private static final int FLAG_OMIT_VERIFY = 0x4000;
    /** One-shot raw DEFLATE of a whole unit; the device's self-check is skipped. */
    static final int COMPRESS_FLAGS = FLAG_FIRST | FLAG_LAST | FLAG_DYNAMIC_HUFFMAN | FLAG_OMIT_VERIFY;
    static final int DECOMPRESS_FLAGS = FLAG_FIRST | FLAG_LAST;

    private static final long NEXT_IN_PTR = 0;
    private static final long AVAILABLE_IN = 8;
    private static final long TOTAL_IN = 12;
    private static final long NEXT_OUT_PTR = 16;
    private static final long AVAILABLE_OUT = 24;
    private static final long TOTAL_OUT = 28;
    private static final long OP = 32;
    private static final long FLAGS = 36;
    private static final long LEVEL = 52;
    private static final long DATA_PTR_PATH = 232;
    /** The public part of qpl_job, for a sanity check of the size QPL asks for. */
    private static final int PUBLIC_SIZE = 240;

    private final long address;
    private final Pointer job;
    private final int path;
    private boolean closed;

    private QplJob(long address, int path) {
        this.address = address;
        this.job = new Pointer(address);
        this.path = path;
    }

    /** Allocates and initialises a job on {@code path}, checking that QPL took the path asked for. */
    static QplJob open(int path) throws QplInitException {
        int size;
        try (Memory out = new Memory(4)) {
            int status = QplNative.qpl_get_job_size(path, out);
            if (status != QplStatus.OK) {
                throw new QplInitException(status, "qpl_get_job_size(" + pathName(path) + ") returned " + status);
            }
            size = out.getInt(0);
        }
        if (size < PUBLIC_SIZE) {
            throw new QplInitException(QplStatus.OK, "qpl_get_job_size(" + pathName(path) + ") gave " + size
                    + " bytes, less than the " + PUBLIC_SIZE + " of a QPL 1.x qpl_job");
        }
        long address = Native.malloc(size);
        if (address == 0) {
            throw new QplInitException(QplStatus.OK, "no native memory for a " + size + "-byte qpl_job");
        }
        QplJob j = new QplJob(address, path);
        j.job.setMemory(0, size, (byte) 0);
        int status = QplNative.qpl_init_job(path, j.job);
        if (status != QplStatus.OK) {
            Native.free(address);
            throw new QplInitException(status, QplStatus.initFailure(path, status));
        }
        int actual = j.job.getInt(DATA_PTR_PATH);
        if (actual != path) {
            j.close();
            throw new QplInitException(QplStatus.OK, "qpl_init_job(" + pathName(path) + ") fell back to the "
                    + pathName(actual) + " path (data_ptr.path reads " + actual + "): the library found no usable "
                    + "accelerator");
        }
        return j;
    }

    static String pathName(int path) {
        switch (path) {
            case 0:
                return "auto";
            case PATH_HARDWARE:
                return "hardware";
            case PATH_SOFTWARE:
                return "software";
            default:
                return "path " + path;
        }
    }

    int path() {
        return path;
    }

    /** Sets up a one-shot operation from {@code length} bytes at {@code source} into {@code capacity} at {@code destination}. */
    void prepare(int op, int flags, int level, long source, int length, long destination, int capacity) {
        job.setLong(NEXT_IN_PTR, source);
        job.setInt(AVAILABLE_IN, length);
        job.setInt(TOTAL_IN, 0);
        job.setLong(NEXT_OUT_PTR, destination);
        job.setInt(AVAILABLE_OUT, capacity);
        job.setInt(TOTAL_OUT, 0);
        job.setInt(OP, op);
        job.setInt(FLAGS, flags);
        job.setInt(LEVEL, level);
    }

    int submit() {
        return QplNative.qpl_submit_job(job);
    }

    int check() {
        return QplNative.qpl_check_job(job);
    }

    int execute() {
        return QplNative.qpl_execute_job(job);
    }

    /** Bytes written by the last completed operation. */
    int totalOut() {
        return job.getInt(TOTAL_OUT);
    }

    /** Releases the job; its request is idle, so no operation is in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        QplNative.qpl_fini_job(job);
        Native.free(address);
    }
}
