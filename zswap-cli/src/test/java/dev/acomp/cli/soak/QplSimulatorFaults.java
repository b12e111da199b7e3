package dev.acomp.cli.soak;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Busy queues, page faults and operation errors armed a few at a time in the QPL simulator (qpl-backend's
 * src/test/c/qplsim.c, the library named by {@code acomp.qpl.library}); counts those that jobs took.
 */
final class QplSimulatorFaults implements DriverFaults {
    static {
        Native.register(QplSimulatorFaults.class, NativeLibrary.getInstance(System.getProperty("acomp.qpl.library")));
    }

    private static final String[] KNOBS = {"busy_submits", "page_faults", "op_errors"};

    private static native int qplsim_configure(String key, long value);

    private static native long qplsim_read(String key);

    private final long[] armed = new long[KNOBS.length];
    private final long[] taken = new long[KNOBS.length];

    @Override
    public synchronized void inject(SplittableRandom random) {
        for (int i = 0; i < KNOBS.length; i++) {
            rearm(i, random.nextInt(3));
        }
    }

    /** Counts what jobs took of the last arming (one may slip between the read and the set), arms anew. */
    private void rearm(int i, long faults) {
        taken[i] += Math.max(0, armed[i] - qplsim_read(KNOBS[i]));
        if (qplsim_configure(KNOBS[i], faults) != 0) {
            throw new IllegalStateException("the simulator has no knob " + KNOBS[i]);
        }
        armed[i] = faults;
    }

    @Override
    public synchronized void disarm() {
        for (int i = 0; i < KNOBS.length; i++) {
            rearm(i, 0);
        }
    }

    @Override
    public synchronized Map<String, Long> injected() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < KNOBS.length; i++) {
            m.put("qpl_" + KNOBS[i], taken[i]);
        }
        return m;
    }

    /** Hardware jobs submitted and not yet completed. */
    static long jobsInFlight() {
        return qplsim_read("in_flight");
    }
}
