package dev.acomp.qpl.internal;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.CallbackFailureHandler;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.spi.OpenRequests;
import java.util.Map;

/**
 * A deflate transform on libqpl: each request owns a {@link QplContext} of native jobs. In poll mode
 * the submitting thread polls its batch and runs the callback; in poller mode a
 * {@link CompletionPoller} does, and {@link #submit} returns once the jobs are in flight.
 */
final class QplAcomp implements Acomp {
    private final QplLibrary library;
    private final QplSettings settings;
    private final CallbackFailureHandler callbackFailureHandler;
    private final QplStatistics statistics = new QplStatistics();
    private final OpenRequests requests = new OpenRequests();
    private final CompletionPoller poller;
    private volatile boolean closed;

    QplAcomp(QplLibrary library, String driver, int path, AcompOptions options) {
        this.library = library;
        this.settings = QplSettings.of(driver, path, options);
        this.callbackFailureHandler = options.callbackFailureHandler();
        // Software-path jobs finish inside submit: only the hardware path has anything to poll.
        this.poller = settings.pollerThread() && settings.hardware()
                ? new CompletionPoller(driver, callbackFailureHandler) : null;
    }

    @Override
    public String algorithm() {
        return QplDriver.ALGORITHM;
    }

    @Override
    public String driver() {
        return settings.driver();
    }

    @Override
    public int maxBatchSize() {
        return settings.batchSize();
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        if (sourceLength < 0) {
            throw new IllegalArgumentException("negative source length: " + sourceLength);
        }
        int safe = library.safeCompressionBufferSize(sourceLength);
        if (safe <= 0) {
            throw new IllegalArgumentException(driver() + " cannot compress " + sourceLength + " bytes in one unit");
        }
        return safe;
    }

    @Override
    public AcompRequest newRequest() {
        if (closed) {
            throw new RequestFailedException.AcompClosedException(driver(), 0, "transform closed");
        }
        QplContext context;
        try {
            context = new QplContext(settings, statistics);
        } catch (QplInitException e) {
            throw new RequestFailedException.BackendFailureException(driver(), 0, e.status(),
                    "cannot set up the request's jobs: " + e.getMessage(), e);
        }
        return requests.open(this, settings.batchSize(), context, context::close);
    }

    @Override
    public void submit(AcompRequest request) {
        request.beginSubmission(this);
        QplContext context = (QplContext) request.driverContext();
        if (closed) {
            context.rejectClosed(request, callbackFailureHandler);
            return;
        }
        boolean done = context.start(request);
        if (poller != null && !done) {
            poller.track(context);
            return;
        }
        if (!done) {
            context.awaitJobs();
        }
        context.complete(callbackFailureHandler);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Map<String, Long> statistics() {
        return statistics.snapshot();
    }

    /** Waits for the requests in flight, releases their jobs, then stops the completion poller. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        requests.closeAll();
        if (poller != null) {
            poller.close();
        }
    }

    @Override
    public String toString() {
        return "QplAcomp[" + settings + "]";
    }
}
