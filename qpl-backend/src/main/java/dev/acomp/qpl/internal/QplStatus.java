package dev.acomp.qpl.internal;

/**
 * The {@code qpl_status} codes this driver acts on (QPL 1.x {@code status.h}), and how each is read:
 * busy, page fault, destination too small, corrupt stream, or something else.
 */
final class QplStatus {
    static final int OK = 0;
    static final int BEING_PROCESSED = 1;
    static final int MORE_OUTPUT_NEEDED = 2;
    static final int MORE_INPUT_NEEDED = 3;
    static final int QUEUES_ARE_BUSY = 5;
    static final int LIBRARY_INTERNAL = 6;
    static final int NO_MEM = 101;
    /** A distance beyond the history: corrupt, or reaching past IAA's 4 KiB decompression history. */
    static final int BAD_DIST = 217;
    static final int DST_IS_SHORT = 225;
    /** Completion-record page faults: on read, translation, drain, on write, write translation. */
    private static final int PAGE_FAULT_READ = 303;
    private static final int PAGE_FAULT_TRANSLATION = 326;
    private static final int PAGE_FAULT_DRAIN = 331;
    private static final int PAGE_FAULT_WRITE = 431;
    private static final int PAGE_FAULT_WRITE_TRANSLATION = 454;
    static final int INIT_HW_NOT_SUPPORTED = 500;
    static final int INIT_LIBACCEL_NOT_FOUND = 501;
    static final int INIT_LIBACCEL_ERROR = 502;
    static final int INIT_WORK_QUEUES_NOT_AVAILABLE = 503;

    private QplStatus() {
    }

    static boolean isPageFault(int status) {
        return status == PAGE_FAULT_READ || status == PAGE_FAULT_TRANSLATION || status == PAGE_FAULT_DRAIN
                || status == PAGE_FAULT_WRITE || status == PAGE_FAULT_WRITE_TRANSLATION;
    }

    static boolean isDestinationTooSmall(int status) {
        return status == DST_IS_SHORT || status == MORE_OUTPUT_NEEDED;
    }

    /**
     * For a decompression: the stream itself is bad. Intel's software path (intel/qpl 117ec5b7) returns the
     * operation errors 2xx of the device's error codes, which ISA-L emulates, and ISA-L's own negative
     * codes unconverted, e.g. -1 for a dynamic header that runs off the stream
     * (sources/middle-layer/compression/inflate/isal_kernels_wrappers.cpp); the device returns 2xx; a bad
     * header may be a service error 1xx. Only what is about the job, the buffers or the machine is not:
     * 0 to 99 but a stream cut short, DST_IS_SHORT, NO_MEM, the completion statuses 3xx and the init
     * errors 5xx.
     */
    static boolean isCorruptStream(int status) {
        return status < 0 || status == MORE_INPUT_NEEDED
                || (status >= 100 && status < 300 && status != NO_MEM && status != DST_IS_SHORT);
    }

    /** A short name for a failure status, for messages. */
    static String describe(int status) {
        if (isPageFault(status)) {
            return "page fault";
        }
        switch (status) {
            case QUEUES_ARE_BUSY:
                return "work queues busy";
            case LIBRARY_INTERNAL:
                return "library internal error";
            case DST_IS_SHORT:
            case MORE_OUTPUT_NEEDED:
                return "destination too small";
            case MORE_INPUT_NEEDED:
                return "stream truncated";
            default:
                if (status < 0) {
                    return "ISA-L inflate error " + status;
                }
                if (status >= 50 && status < 100) {
                    return "invalid job parameters";
                }
                if (status >= 200 && status < 300) {
                    return "operation error";
                }
                return "qpl_status " + status;
        }
    }

    /** Why a job of {@code path} could not be initialised, with what to do about it. */
    static String initFailure(int path, int status) {
        String what = "qpl_init_job(" + QplJob.pathName(path) + ") returned " + status + ": ";
        switch (status) {
            case INIT_HW_NOT_SUPPORTED:
                return what + "the hardware path is not supported here (no IAA, or a kernel without idxd)";
            case INIT_LIBACCEL_NOT_FOUND:
                return what + "libaccel-config missing (install accel-config: Ubuntu libaccel-config1, "
                        + "Fedora accel-config-libs)";
            case INIT_LIBACCEL_ERROR:
                return what + "libaccel-config failed (check the idxd driver and accel-config list)";
            case INIT_WORK_QUEUES_NOT_AVAILABLE:
                return what + "no enabled shared work queue, or no permission on /dev/iax (configure a shared wq "
                        + "with accel-config and give this user read/write access to /dev/iax/wq*, e.g. through a "
                        + "group)";
            default:
                return what + describe(status);
        }
    }
}
