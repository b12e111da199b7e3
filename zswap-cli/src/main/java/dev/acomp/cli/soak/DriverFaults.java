package dev.acomp.cli.soak;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Faults a soak injects into its compression driver (an accelerator's busy queues, page faults,
 * operation errors), where the driver has a way to inject them: the QPL simulator does.
 */
public interface DriverFaults {
    /** Arms a few faults; called every few milliseconds while the soak runs. */
    void inject(SplittableRandom random);

    /** Disarms every fault; {@link #injected()} is final afterwards. */
    void disarm();

    /** Faults that took effect so far, by kind. */
    Map<String, Long> injected();
}
