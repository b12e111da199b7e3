package dev.acomp.zswap.memory;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM under test of {@link SafepointHazardTest}: threads faulting on a region under a tight limit while
 * the main thread calls {@code System.gc()} every 5 ms and dumps all threads (handshakes) every 100 ms. Prints
 * {@code beat N} every 100 ms from a sleeping thread, which stops when the JVM is wedged at a safepoint, then
 * {@code verified PAGES} or {@code mismatch ...}. Exit 0 verified, 1 mismatch, 3 userfaultfd not permitted.
 *
 * <p>Arguments: seconds, threads.
 */
public final class HazardMain {
    private static final int PAGE = CompressedMemoryConfig.PAGE_SIZE;
    private static final long SIZE = 64L << 20;
    private static final int LAST = PAGE - Long.BYTES;

    private HazardMain() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        int pages = (int) (SIZE / PAGE);
        CompressedMemory region;
        try {
            region = CompressedMemory.create(CompressedMemoryConfig.builder().sizeBytes(SIZE)
                    .residentLimitBytes(SIZE / 10).build());
        } catch (UserfaultfdUnavailableException e) {
            System.out.println("skip: " + e.getMessage());
            System.exit(3);
            return;
        }
        long[][] versions = new long[threads][pages];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong accesses = new AtomicLong();
        String[] failure = new String[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                ByteBuffer all = region.buffer(0, (int) SIZE);
                SplittableRandom random = new SplittableRandom(me);
                long[] mine = versions[me];
                while (!stop.get()) {
                    int page = random.nextInt(pages / threads) * threads + me;
                    long want = mine[page];
                    long first = all.getLong(page * PAGE);
                    long last = all.getLong(page * PAGE + LAST);
                    if (first != want || last != want) {
                        failure[0] = "mismatch page " + page + ": " + first + "/" + last + ", wanted " + want;
                        stop.set(true);
                        return;
                    }
                    all.putLong(page * PAGE, want + 1);
                    all.putLong(page * PAGE + LAST, want + 1);
                    mine[page] = want + 1;
                    accesses.incrementAndGet();
                }
            }, "faulting-" + t);
            workers[t].start();
        }
        Thread beat = new Thread(() -> {
            for (long n = 0; !stop.get(); n++) {
                System.out.println("beat " + n + " accesses " + accesses.get());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heartbeat");
        beat.setDaemon(true);
        beat.start();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (long i = 0; System.nanoTime() < end && !stop.get(); i++) {
            System.gc();
            if (i % 20 == 0) {
                Thread.getAllStackTraces(); // a handshake with every thread
            }
            Thread.sleep(5);
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] == null) {
            failure[0] = verify(region, versions, pages, threads);
        }
        System.out.println("stats " + region.stats());
        region.close();
        System.out.println(failure[0] != null ? failure[0] : "verified " + pages);
        System.exit(failure[0] != null ? 1 : 0);
    }

    private static String verify(CompressedMemory region, long[][] versions, int pages, int threads) {
        ByteBuffer all = region.buffer(0, (int) SIZE);
        for (int page = 0; page < pages; page++) {
            long want = versions[page % threads][page];
            if (all.getLong(page * PAGE) != want || all.getLong(page * PAGE + LAST) != want) {
                return "mismatch page " + page + " at the end, wanted " + want;
            }
        }
        return null;
    }
}
