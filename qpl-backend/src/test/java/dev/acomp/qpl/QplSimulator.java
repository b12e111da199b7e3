package dev.acomp.qpl;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Test-only binding of the QPL simulator's control functions (src/test/c/qplsim.c), in the library the
 * surefire run names with {@code acomp.qpl.library}. Tests take it from {@link QplSimulatorExtension},
 * which resets the simulator around each of them.
 */
public final class QplSimulator {
    static {
        Native.register(QplSimulator.class, NativeLibrary.getInstance(System.getProperty("acomp.qpl.library")));
    }

    private static native int qplsim_configure(String key, long value);

    private static native long qplsim_read(String key);

    private static native long qplsim_max_in_flight();

    private static native void qplsim_reset();

    QplSimulator() {
    }

    /** Knobs back to the environment's values (or their defaults), counters to 0. */
    static void reset() {
        qplsim_reset();
    }

    public QplSimulator set(String knob, long value) {
        if (qplsim_configure(knob, value) != 0) {
            throw new IllegalArgumentException("the simulator has no knob " + knob);
        }
        return this;
    }

    public long read(String key) {
        long v = qplsim_read(key);
        if (v < 0) {
            throw new IllegalArgumentException("the simulator has no counter " + key);
        }
        return v;
    }

    public long maxInFlight() {
        return qplsim_max_in_flight();
    }
}
