package dev.acomp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.AcompCallback;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.RequestFailedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A callback that counts its calls and remembers what the request carried when it ran. */
final class Completion implements AcompCallback {
    /** Time for a late second call to show up, for drivers that complete on their own threads. */
    private static final long SETTLE_MILLIS = 50;

    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Object kernelData;
    private volatile RequestFailedException failure;
    private volatile int produced;

    @Override
    public void onComplete(AcompRequest request) {
        kernelData = request.kernelData();
        failure = request.failure(0);
        produced = request.producedLength(0);
        calls.incrementAndGet();
        done.countDown();
    }

    /** Waits for the first call, then checks no second one follows. */
    void assertCalledOnce() throws InterruptedException {
        assertTrue(done.await(60, TimeUnit.SECONDS), "callback not called within 60 s");
        Thread.sleep(SETTLE_MILLIS);
        assertEquals(1, calls.get(), "callback calls");
    }

    int calls() {
        return calls.get();
    }

    Object kernelData() {
        return kernelData;
    }

    /** Unit 0's failure as the callback saw it, or null. */
    RequestFailedException failure() {
        return failure;
    }

    /** Unit 0's produced length as the callback saw it. */
    int produced() {
        return produced;
    }
}
