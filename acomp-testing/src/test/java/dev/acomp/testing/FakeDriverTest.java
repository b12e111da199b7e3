package dev.acomp.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeDriverTest {
    private static final int PAGE = SharedData.PAGE_SIZE;
    private static final List<byte[]> PAGES = SharedData.corpusPages(PAGE, true).subList(0, 64);

    @ParameterizedTest
    @EnumSource(FakeDriver.Codec.class)
    void everyCodecRoundTripsCorpusPagesInBatchesAndKeepsPositions(FakeDriver.Codec codec) {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(4).codec(codec).build();
        try (Acomp acomp = driver.open(); AcompRequest request = acomp.newRequest()) {
            for (int first = 0; first < PAGES.size(); first += 4) {
                ByteBuffer[] packed = new ByteBuffer[4];
                request.operation(Operation.COMPRESS).units(4);
                for (int i = 0; i < 4; i++) {
                    packed[i] = ByteBuffer.allocateDirect(acomp.maxCompressedLength(PAGE));
                    request.unit(i, ByteBuffer.wrap(PAGES.get(first + i)), packed[i]);
                }
                request.execute().throwIfFailed();
                ByteBuffer[] restored = new ByteBuffer[4];
                for (int i = 0; i < 4; i++) {
                    assertEquals(0, packed[i].position(), "destination position unchanged");
                    packed[i].limit(request.producedLength(i));
                    restored[i] = ByteBuffer.allocate(PAGE);
                }
                request.operation(Operation.DECOMPRESS).units(4);
                for (int i = 0; i < 4; i++) {
                    request.unit(i, packed[i], restored[i]);
                }
                request.execute().throwIfFailed();
                for (int i = 0; i < 4; i++) {
                    assertEquals(PAGE, request.producedLength(i));
                    assertArrayEquals(PAGES.get(first + i), restored[i].array(), codec + " page " + (first + i));
                }
            }
        }
        assertEquals(0, driver.transformsOpen.get());
        assertEquals(0, driver.openRequests.get());
        assertEquals(4, driver.largestBatch());
        assertEquals(2 * PAGES.size() / 4, driver.unitsPerSubmission.size());
    }

    @Test
    void deflateIsRawDeflateThatTheJdkInflates() throws Exception {
        byte[] page = PAGES.get(5);
        try (Acomp acomp = FakeDriver.builder().build().open();
                AcompRequest request = acomp.newRequest()) {
            ByteBuffer packed = ByteBuffer.allocate(acomp.maxCompressedLength(PAGE));
            int n = request.compress(ByteBuffer.wrap(page), packed);
            assertTrue(n < PAGE / 2, "English text compresses: " + n);
            Inflater inflater = new Inflater(true);
            inflater.setInput(packed.array(), 0, n);
            byte[] out = new byte[PAGE];
            assertEquals(PAGE, inflater.inflate(out));
            inflater.end();
            assertArrayEquals(page, out);
        }
    }

    @Test
    void trailingZerosAreDroppedAndAShortDestinationIsTyped() {
        byte[] page = new byte[PAGE];
        Arrays.fill(page, 0, 1000, (byte) 7);
        FakeDriver driver = FakeDriver.builder().codec(FakeDriver.Codec.TRAILING_ZEROS).build();
        try (Acomp acomp = driver.open(); AcompRequest request = acomp.newRequest()) {
            assertEquals(1000, request.compress(ByteBuffer.wrap(page), ByteBuffer.allocate(PAGE)));
            request.operation(Operation.COMPRESS).buffers(ByteBuffer.wrap(page), ByteBuffer.allocate(999)).execute();
            assertInstanceOf(RequestFailedException.DestinationTooSmallException.class, request.failure(0));
        }
    }

    @Test
    void injectedFailuresHitOnlyTheChosenUnitsAndCalls() {
        FakeDriver driver = FakeDriver.builder().maxBatchSize(2).codec(FakeDriver.Codec.COPY).build();
        driver.failNewRequestAt = 2;
        try (Acomp acomp = driver.open(); AcompRequest request = acomp.newRequest()) {
            assertThrows(IllegalStateException.class, acomp::newRequest);
            assertEquals(2, driver.requestsMade.get());
            assertEquals(1, driver.openRequests.get());

            driver.failCompressionOf = src -> src.get(src.position()) == 9;
            byte[] poisoned = PAGES.get(1).clone();
            poisoned[0] = 9;
            request.operation(Operation.COMPRESS).units(2)
                    .unit(0, ByteBuffer.wrap(PAGES.get(0)), ByteBuffer.allocate(PAGE))
                    .unit(1, ByteBuffer.wrap(poisoned), ByteBuffer.allocate(PAGE)).execute();
            assertNull(request.failure(0));
            assertInstanceOf(RequestFailedException.BackendFailureException.class, request.failure(1));

            driver.failDecompression = true;
            assertThrows(RequestFailedException.CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(PAGES.get(0)), ByteBuffer.allocate(PAGE)));
            driver.failDecompression = false;

            driver.corruptDecompressions(n -> n == 1, 10);
            for (int n = 0; n < 3; n++) {
                ByteBuffer out = ByteBuffer.allocate(PAGE);
                request.decompress(ByteBuffer.wrap(PAGES.get(0)), out);
                byte[] expected = PAGES.get(0).clone();
                if (n == 1) {
                    expected[10] = (byte) ~expected[10];
                }
                assertArrayEquals(expected, out.array(), "decompression " + n);
            }
        }
    }

    @Test
    void anUnavailableDriverSaysWhyAndAllocatesNothing() {
        IllegalStateException why = new IllegalStateException("no device");
        FakeDriver driver = FakeDriver.builder().name("fake-hw").unavailable(why).build();
        assertFalse(driver.isAvailable());
        assertSame(why, driver.cause());
        DriverUnavailableException e = assertThrows(DriverUnavailableException.class,
                () -> driver.open());
        assertTrue(e.getMessage().contains("fake-hw"), e.getMessage());
        assertEquals(0, driver.transformsOpen.get());
    }
}
