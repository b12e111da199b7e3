package dev.acomp.qpl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every fault the simulator injects ends as specified, and every page that succeeds is verified. */
@ExtendWith(QplSimulatorExtension.class)
class QplFaultTest {
    private static final int BATCH = 8;
    private static final int PAGE_FAULT = 303;
    private static final int QUEUES_ARE_BUSY = 5;
    private static final int LIBRARY_INTERNAL = 6;
    private static final int BAD_LL_CODE = 211;
    private static final int BAD_DIST = 217;
    private static final int ISAL_INVALID_BLOCK = -1;
    private static List<byte[]> pages;

    private final ByteBuffer[] src = new ByteBuffer[BATCH];
    private final ByteBuffer[] dst = new ByteBuffer[BATCH];

    @BeforeAll
    static void loadCorpus() {
        pages = SharedData.corpusPages(SharedData.PAGE_SIZE, false).subList(0, BATCH);
    }

    @BeforeEach
    void allocateBuffers() {
        for (int i = 0; i < BATCH; i++) {
            src[i] = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
            dst[i] = ByteBuffer.allocateDirect(2 * SharedData.PAGE_SIZE);
        }
    }

    private static Acomp allocate(String driver, String... properties) {
        AcompOptions.Builder options = AcompOptions.builder();
        for (int i = 0; i < properties.length; i += 2) {
            options.property(properties[i], properties[i + 1]);
        }
        return AcompRegistry.of(new QplProvider().drivers()).allocate(driver, options.build());
    }

    /** Compresses the batch; every unit that succeeded must inflate back to its page. Returns the units that failed. */
    private int compressBatchAndVerify(AcompRequest request) {
        request.operation(Operation.COMPRESS).units(BATCH);
        for (int i = 0; i < BATCH; i++) {
            src[i].clear().put(pages.get(i)).flip();
            dst[i].clear();
            request.unit(i, src[i], dst[i]);
        }
        request.execute();
        int failed = 0;
        for (int i = 0; i < BATCH; i++) {
            if (request.failure(i) == null) {
                ByteBuffer stream = dst[i].duplicate().limit(request.producedLength(i));
                assertArrayEquals(pages.get(i), JdkDeflate.inflate(stream, pages.get(i).length), "unit " + i);
            } else {
                failed++;
            }
        }
        return failed;
    }

    @Test
    void busyQueuesAreResubmittedThenAccepted(QplSimulator sim) {
        sim.set("busy_submits", 3);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            Map<String, Long> stats = acomp.statistics();
            assertEquals(3, stats.get("busy_resubmits"));
            assertEquals(0, stats.get("software_fallbacks"));
            assertEquals(BATCH, stats.get("jobs_submitted"));
        }
    }

    @Test
    void queuesBusyBeyondTheResubmitsFallBackToSoftwarePerUnit(QplSimulator sim) {
        sim.set("busy_submits", 1_000_000);
        try (Acomp acomp = allocate("deflate-iaa", "qpl.busy_resubmits", "4"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            Map<String, Long> stats = acomp.statistics();
            assertEquals(BATCH * 4, stats.get("busy_resubmits"));
            assertEquals(BATCH, stats.get("busy_fallbacks"));
            assertEquals(BATCH, stats.get("software_fallbacks"));
            assertEquals(0, stats.get("jobs_submitted"));
        }
    }

    @Test
    void queuesBusyWithoutFallbackFailTheUnitAsBusy(QplSimulator sim) {
        sim.set("busy_submits", 1_000_000);
        try (Acomp acomp = allocate("deflate-iaa", "qpl.fallback", "none", "qpl.busy_resubmits", "2");
                AcompRequest request = acomp.newRequest()) {
            assertEquals(BATCH, compressBatchAndVerify(request));
            assertEquals(Status.BUSY, request.failure(3).status());
            assertInstanceOf(RequestFailedException.BackendBusyException.class, request.failure(3));
            assertEquals(QUEUES_ARE_BUSY, request.failure(3).nativeCode());
        }
    }

    /**
     * Each unit is submitted or falls back at submit, never both: a device with header generation takes a
     * 4 KiB job as one descriptor. (On IAA 1.0 a submitted job's second descriptor may find the queue taken by
     * a unit submitted after it, and fall back too: {@link #aSecondPassThatNeverFindsRoomFallsBackOrFailsAsBusy}
     * covers that.)
     */
    @Test
    void aSmallQueueDepthStillCompletesEveryUnit(QplSimulator sim) {
        sim.set("queue_depth", 1).set("latency_us", 2000).set("header_gen", 1);
        try (Acomp acomp = allocate("deflate-iaa", "qpl.busy_resubmits", "0"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            Map<String, Long> stats = acomp.statistics();
            assertTrue(stats.get("busy_fallbacks") > 0, "the one-deep queue held a unit back: " + stats);
            assertEquals(BATCH, stats.get("jobs_submitted") + stats.get("busy_fallbacks"));
            assertEquals(stats.get("busy_fallbacks"), stats.get("software_fallbacks"));
        }
    }

    /** On IAA 1.0 qpl_check_job queues a dynamic Huffman job's second descriptor, and says when it cannot. */
    @Test
    void aSecondPassTheQueuesCannotTakeIsCheckedAgainNotRedoneInSoftware(QplSimulator sim) {
        sim.set("busy_second_passes", 3);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            Map<String, Long> stats = acomp.statistics();
            assertEquals(3, stats.get("busy_resubmits"));
            assertEquals(0, stats.get("software_fallbacks"));
        }
    }

    @Test
    void aSecondPassThatNeverFindsRoomFallsBackOrFailsAsBusy(QplSimulator sim) {
        sim.set("busy_second_passes", 1_000_000);
        try (Acomp acomp = allocate("deflate-iaa", "qpl.busy_resubmits", "2"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            assertEquals(BATCH, acomp.statistics().get("busy_fallbacks"));
        }
        try (Acomp acomp = allocate("deflate-iaa", "qpl.fallback", "none", "qpl.busy_resubmits", "2");
                AcompRequest request = acomp.newRequest()) {
            assertEquals(BATCH, compressBatchAndVerify(request));
            assertEquals(Status.BUSY, request.failure(3).status());
            assertEquals(QUEUES_ARE_BUSY, request.failure(3).nativeCode());
        }
    }

    @Test
    void pageFaultsAreRedoneInSoftwareAndCounted(QplSimulator sim) {
        sim.set("page_faults", 3);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            Map<String, Long> stats = acomp.statistics();
            assertEquals(3, stats.get("page_fault_fallbacks"));
            assertEquals(3, stats.get("software_fallbacks"));
        }
    }

    @Test
    void pageFaultsWithoutFallbackFailTheirUnitsWithTheNativeCode(QplSimulator sim) {
        sim.set("page_faults", 3);
        try (Acomp acomp = allocate("deflate-iaa", "qpl.fallback", "none"); AcompRequest request = acomp.newRequest()) {
            assertEquals(3, compressBatchAndVerify(request));
            for (int i = 0; i < BATCH; i++) {
                if (request.failure(i) != null) {
                    assertEquals(Status.BACKEND_FAILURE, request.failure(i).status());
                    assertEquals(PAGE_FAULT, request.failure(i).nativeCode());
                }
            }
        }
    }

    @Test
    void deviceErrorsOnCompressionAreRedoneInSoftware(QplSimulator sim) {
        sim.set("op_errors", 2).set("op_error_status", LIBRARY_INTERNAL);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertEquals(0, compressBatchAndVerify(request));
            assertEquals(2, acomp.statistics().get("operation_error_fallbacks"));
            assertEquals(2, acomp.statistics().get("software_fallbacks"));
        }
    }

    @Test
    void aFailedSoftwareFallbackIsABackendFailure(QplSimulator sim) {
        sim.set("page_faults", 1).set("sw_op_errors", 1).set("op_error_status", LIBRARY_INTERNAL);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertEquals(1, compressBatchAndVerify(request));
            assertEquals(Status.BACKEND_FAILURE, request.failure().status());
            assertEquals(1, acomp.statistics().get("units_failed"));
        }
    }

    @Test
    void decompressionErrorsFromTheDeviceAreCorruptInput(QplSimulator sim) {
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            byte[] stream = JdkDeflate.deflate(pages.get(0));
            sim.set("op_errors", 1).set("op_error_status", BAD_LL_CODE);
            RequestFailedException e = assertThrows(RequestFailedException.CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(stream), dst[0].clear()));
            assertEquals(BAD_LL_CODE, e.nativeCode());
            assertEquals(0, acomp.statistics().get("software_fallbacks"));
        }
    }

    @Test
    void streamsReachingPastTheDevicesHistoryAreDecodedInSoftware() {
        // 5000 random bytes twice: the JDK's 32 KiB window copies the repeat from 5000 bytes back.
        byte[] half = new byte[5000];
        new Random(7).nextBytes(half);
        byte[] data = new byte[2 * half.length];
        System.arraycopy(half, 0, data, 0, half.length);
        System.arraycopy(half, 0, data, half.length, half.length);
        byte[] stream = JdkDeflate.deflate(data);
        assertTrue(stream.length < half.length + 200, "the repeat is a match: " + stream.length + " bytes");
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer out = ByteBuffer.allocateDirect(data.length);
            assertEquals(data.length, request.decompress(ByteBuffer.wrap(stream), out));
            byte[] back = new byte[data.length];
            out.get(0, back);
            assertArrayEquals(data, back);
            assertEquals(1, acomp.statistics().get("history_fallbacks"));
            assertEquals(1, acomp.statistics().get("software_fallbacks"));
        }
    }

    @Test
    void softwarePathErrorsOnDeflateQplAreBackendFailures(QplSimulator sim) {
        sim.set("sw_op_errors", 1).set("op_error_status", LIBRARY_INTERNAL);
        try (Acomp acomp = allocate("deflate-qpl"); AcompRequest request = acomp.newRequest()) {
            assertEquals(1, compressBatchAndVerify(request));
            assertEquals(Status.BACKEND_FAILURE, request.failure(0).status());
            assertEquals(LIBRARY_INTERNAL, request.failure(0).nativeCode());
        }
    }

    @Test
    void compressingIntoTooSmallADestinationIsDestinationTooSmall() {
        byte[] noise = new byte[SharedData.PAGE_SIZE];
        new Random(42).nextBytes(noise);
        for (String driver : new String[] {"deflate-iaa", "deflate-qpl"}) {
            try (Acomp acomp = allocate(driver); AcompRequest request = acomp.newRequest()) {
                ByteBuffer small = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE);
                assertThrows(RequestFailedException.DestinationTooSmallException.class,
                        () -> request.compress(ByteBuffer.wrap(noise), small), driver);
                assertEquals(0, acomp.statistics().get("software_fallbacks"), driver);
            }
        }
    }

    @Test
    void decompressingIntoTooSmallADestinationIsDestinationTooSmall() {
        byte[] stream = JdkDeflate.deflate(pages.get(1));
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertThrows(RequestFailedException.DestinationTooSmallException.class,
                    () -> request.decompress(ByteBuffer.wrap(stream), ByteBuffer.allocateDirect(100)));
        }
    }

    @Test
    void corruptAndEmptyStreamsAreCorruptInput() {
        byte[] garbage = new byte[64];
        java.util.Arrays.fill(garbage, (byte) 0xff);
        for (String driver : new String[] {"deflate-iaa", "deflate-qpl"}) {
            try (Acomp acomp = allocate(driver); AcompRequest request = acomp.newRequest()) {
                for (byte[] bad : new byte[][] {garbage, new byte[0]}) {
                    assertThrows(RequestFailedException.CorruptInputException.class,
                            () -> request.decompress(ByteBuffer.wrap(bad), dst[0].clear()), driver);
                }
                assertEquals(0, acomp.statistics().get("software_fallbacks"), driver);
            }
        }
    }

    /** Intel's software path passes ISA-L's negative codes through: the one-bit flip of a 22-byte stream. */
    @Test
    void negativeStatusesAreCorruptInputWithTheirCode(QplSimulator sim) {
        byte[] flipped = java.util.HexFormat.of().parseHex("edcc010d000000c220fba7b6c7070118000000906f0e");
        flipped[9] ^= 2;
        try (Acomp acomp = allocate("deflate-qpl"); AcompRequest request = acomp.newRequest()) {
            RequestFailedException e = assertThrows(RequestFailedException.CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(flipped), dst[0].clear()));
            assertEquals(ISAL_INVALID_BLOCK, e.nativeCode());
            assertEquals(ISAL_INVALID_BLOCK, request.failure(0).nativeCode());
        }
        // The device names it a history problem; its software rerun finds the stream bad.
        sim.set("op_errors", 1).set("op_error_status", BAD_DIST);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            RequestFailedException e = assertThrows(RequestFailedException.CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(flipped), dst[0].clear()));
            assertEquals(ISAL_INVALID_BLOCK, e.nativeCode());
            assertEquals(1, acomp.statistics().get("history_fallbacks"));
        }
    }

    @Test
    void aTruncatedStreamIsCorruptOnTheDeviceAndDecodesShortOnTheSoftwarePath() {
        byte[] stream = JdkDeflate.deflate(pages.get(2));
        byte[] truncated = java.util.Arrays.copyOf(stream, stream.length / 2);
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            assertThrows(RequestFailedException.CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(truncated), dst[0].clear()));
        }
        // Intel's software path returns OK with what it decoded; only the caller knows the length to expect.
        try (Acomp acomp = allocate("deflate-qpl"); AcompRequest request = acomp.newRequest()) {
            int n = request.decompress(ByteBuffer.wrap(truncated), dst[0].clear());
            assertTrue(n < pages.get(2).length, n + " bytes");
            byte[] head = new byte[n];
            dst[0].get(0, head);
            assertArrayEquals(java.util.Arrays.copyOf(pages.get(2), n), head);
        }
    }

    @Test
    void aReadOnlyDestinationIsRefusedAtSetUpBeforeTheDeviceSeesIt(QplSimulator sim) {
        try (Acomp acomp = allocate("deflate-iaa"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer readOnly = ByteBuffer.allocateDirect(SharedData.PAGE_SIZE).asReadOnlyBuffer();
            assertThrows(IllegalArgumentException.class, () -> request.compress(ByteBuffer.wrap(pages.get(0)), readOnly));
            assertEquals(0, sim.read("hardware_jobs"));
        }
    }
}
