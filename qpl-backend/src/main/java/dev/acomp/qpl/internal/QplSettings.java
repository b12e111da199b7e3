package dev.acomp.qpl.internal;

import dev.acomp.api.AcompOptions;

/**
 * The settings of one transform, read once from its {@link AcompOptions}: batch size, QPL level,
 * completion mode, what to do when the device cannot run a unit, and how often to resubmit to full
 * queues.
 */
record QplSettings(String driver, int path, int batchSize, int level, boolean pollerThread, boolean softwareFallback,
        int busyResubmits) {
    static final int MAX_BATCH_SIZE = 8;
    static final String COMPLETION = "qpl.completion";
    static final String FALLBACK = "qpl.fallback";
    static final String BUSY_RESUBMITS = "qpl.busy_resubmits";
    private static final int DEFAULT_BUSY_RESUBMITS = 16;

    static QplSettings of(String driver, int path, AcompOptions options) {
        int batch = options.batchSizeFor(driver, MAX_BATCH_SIZE);
        int level = level(driver, path, options);
        String completion = options.property(COMPLETION, "poll");
        if (!completion.equals("poll") && !completion.equals("poller")) {
            throw new IllegalArgumentException(driver + ": " + COMPLETION + " is poll or poller, not '" + completion + "'");
        }
        String fallback = options.property(FALLBACK, "software");
        if (!fallback.equals("software") && !fallback.equals("none")) {
            throw new IllegalArgumentException(driver + ": " + FALLBACK + " is software or none, not '" + fallback + "'");
        }
        String resubmits = options.property(BUSY_RESUBMITS, Integer.toString(DEFAULT_BUSY_RESUBMITS));
        int busyResubmits;
        try {
            busyResubmits = Integer.parseInt(resubmits);
        } catch (NumberFormatException e) {
            busyResubmits = -1;
        }
        if (busyResubmits < 0) {
            throw new IllegalArgumentException(driver + ": " + BUSY_RESUBMITS + " is a count >= 0, not '" + resubmits + "'");
        }
        return new QplSettings(driver, path, batch, level, completion.equals("poller"), fallback.equals("software"),
                busyResubmits);
    }

    /** QPL has two levels: default (1) on both paths, high (3) on the software path only. */
    private static int level(String driver, int path, AcompOptions options) {
        if (options.level().isEmpty()) {
            return QplJob.LEVEL_DEFAULT;
        }
        int level = options.level().getAsInt();
        if (level == QplJob.LEVEL_DEFAULT || (level == QplJob.LEVEL_HIGH && path == QplJob.PATH_SOFTWARE)) {
            return level;
        }
        throw new IllegalArgumentException(driver + " compresses at level " + QplJob.LEVEL_DEFAULT
                + (path == QplJob.PATH_SOFTWARE ? " or " + QplJob.LEVEL_HIGH : "") + ", not " + level);
    }

    boolean hardware() {
        return path == QplJob.PATH_HARDWARE;
    }
}
