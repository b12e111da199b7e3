package dev.acomp.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reused request allocates nothing per operation once warm: the hot path of a compressed page store
 * must not feed the garbage collector. Counted with the JVM's per-thread allocation counter.
 */
class SteadyStateAllocationTest {
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 5_000;
    private static final byte[] PAGE = "steady state, no garbage per page; ".repeat(118).substring(0, 4096)
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}, direct={1}")
    @CsvSource({"lz4-generic,true", "lz4-generic,false", "zstd-generic,true", "zstd-generic,false",
            "deflate-generic,true", "deflate-generic,false"})
    void roundTripsAllocateNothingOnceWarm(String driver, boolean direct) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (Acomp acomp = AcompRegistry.load().allocate(driver); AcompRequest request = acomp.newRequest()) {
            ByteBuffer src = buffer(direct, PAGE.length).put(0, PAGE);
            ByteBuffer packed = buffer(direct, acomp.maxCompressedLength(PAGE.length));
            ByteBuffer restored = buffer(direct, PAGE.length);
            roundTrips(request, src, packed, restored, WARM_UP);
            long before = threads.getThreadAllocatedBytes(thread);
            roundTrips(request, src, packed, restored, MEASURED);
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // Less than a byte per operation: a per-operation object would cost at least 16.
            assertTrue(allocated < MEASURED, driver + " allocated " + allocated + " bytes in " + MEASURED
                    + " round trips");
        }
    }

    private static void roundTrips(AcompRequest request, ByteBuffer src, ByteBuffer packed, ByteBuffer restored,
            int count) {
        for (int i = 0; i < count; i++) {
            int n = request.compress(src, packed.clear());
            assertEquals(PAGE.length, request.decompress(packed.limit(n), restored));
        }
    }

    private static ByteBuffer buffer(boolean direct, int size) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }
}
