package dev.acomp.qpl.internal;

import com.sun.jna.Pointer;

/**
 * The QPL 1.x job API, bound by JNA direct mapping ({@link QplLibrary} registers it once). Jobs are
 * passed as {@link Pointer}s made once per job; every status is a {@code qpl_status}.
 */
final class QplNative {
    private QplNative() {
    }

    static native Pointer qpl_get_library_version();

    static native int qpl_get_job_size(int path, Pointer size);

    static native int qpl_init_job(int path, Pointer job);

    static native int qpl_submit_job(Pointer job);

    static native int qpl_check_job(Pointer job);

    static native int qpl_wait_job(Pointer job);

    static native int qpl_execute_job(Pointer job);

    static native int qpl_fini_job(Pointer job);

    static native int qpl_get_safe_deflate_compression_buffer_size(int sourceSize);
}
