package dev.acomp.api.spi;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The requests a transform made that are not closed yet, so that closing the transform closes them. */
public final class OpenRequests {
    private final Set<AcompRequest> requests = ConcurrentHashMap.newKeySet();

    /**
     * A new request of {@code owner} for {@code capacity} units with the driver's {@code context}, tracked
     * until it is closed; {@code release} then frees the context.
     */
    public AcompRequest open(Acomp owner, int capacity, Object context, Runnable release) {
        AcompRequest[] self = new AcompRequest[1];
        AcompRequest request = new AcompRequest(owner, capacity, context, () -> {
            requests.remove(self[0]);
            release.run();
        });
        self[0] = request;
        requests.add(request);
        return request;
    }

    /** Closes every request still open. */
    public void closeAll() {
        for (AcompRequest r : requests) {
            r.close();
        }
    }
}
