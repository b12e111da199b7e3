package dev.acomp.qpl.internal;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.spi.Submission;
import java.util.Map;

/**
 * A deflate transform on libqpl: each request owns a {@link QplContext} of native jobs. In poll mode
 * the submitting thread polls its batch and completes the request; in poller mode a
 * {@link CompletionPoller} does, and {@link #submit} returns once the jobs are in flight.
 */
final class QplAcomp implements AcompTransform<QplContext> {
    private final QplLibrary library;
    private final QplSettings settings;
    private final QplStatistics statistics = new QplStatistics();
    private final CompletionPoller poller;

    QplAcomp(QplLibrary library, String driver, int path, AcompOptions options) {
        this.library = library;
        this.settings = QplSettings.of(driver, path, options);
        // Software-path jobs finish inside submit: only the hardware path has anything to poll.
        this.poller = settings.pollerThread() && settings.hardware() ? new CompletionPoller(driver) : null;
    }

    @Override
    public int maxBatchSize() {
        return settings.batchSize();
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        int safe = library.safeCompressionBufferSize(sourceLength);
        if (safe <= 0) {
            throw new IllegalArgumentException(settings.driver() + " cannot compress " + sourceLength
                    + " bytes in one unit");
        }
        return safe;
    }

    @Override
    public QplContext newRequestContext() {
        try {
            return new QplContext(settings, statistics);
        } catch (QplInitException e) {
            throw new RequestFailedException.BackendFailureException(settings.driver(), 0, e.status(),
                    "cannot set up the request's jobs: " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseRequestContext(QplContext context) {
        context.close();
    }

    @Override
    public void submit(Submission<QplContext> request) {
        QplContext context = request.context();
        boolean done = context.start(request);
        if (poller != null && !done) {
            poller.track(context);
            return;
        }
        if (!done) {
            context.awaitJobs();
        }
        context.complete();
    }

    @Override
    public Map<String, Long> statistics() {
        return statistics.snapshot();
    }

    /** Called once every request is closed: nothing is in flight, so the poller stops at once. */
    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
    }

    @Override
    public String toString() {
        return "QplAcomp[" + settings + "]";
    }
}
