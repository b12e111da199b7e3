package dev.acomp.qpl.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one transform, named for what they count. */
final class QplStatistics {
    /** Jobs handed to libqpl on the driver's own path (accepted by a queue, or executed in software). */
    final LongAdder jobsSubmitted = new LongAdder();
    /** Submits repeated because the work queues were full, and checks that found no room for a job's second descriptor. */
    final LongAdder busyResubmits = new LongAdder();
    /** Units redone in software because the queues stayed full after the resubmits. */
    final LongAdder busyFallbacks = new LongAdder();
    /** Units redone in software after a page fault on the device. */
    final LongAdder pageFaultFallbacks = new LongAdder();
    /** Units redone in software after another device error. */
    final LongAdder operationErrorFallbacks = new LongAdder();
    /** Decompressions redone in software because the stream reached past the device's history. */
    final LongAdder historyFallbacks = new LongAdder();
    /** Units that ended with an error status. */
    final LongAdder unitsFailed = new LongAdder();

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("jobs_submitted", jobsSubmitted.sum());
        m.put("busy_resubmits", busyResubmits.sum());
        m.put("busy_fallbacks", busyFallbacks.sum());
        m.put("page_fault_fallbacks", pageFaultFallbacks.sum());
        m.put("operation_error_fallbacks", operationErrorFallbacks.sum());
        m.put("history_fallbacks", historyFallbacks.sum());
        // Every unit redone on QPL's software path, whatever the reason.
        m.put("software_fallbacks", m.get("busy_fallbacks") + m.get("page_fault_fallbacks")
                + m.get("operation_error_fallbacks") + m.get("history_fallbacks"));
        m.put("units_failed", unitsFailed.sum());
        return m;
    }
}
