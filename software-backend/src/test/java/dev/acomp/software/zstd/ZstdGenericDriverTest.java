package dev.acomp.software.zstd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.DriverInfo;
import dev.acomp.api.DriverUnavailableException;
import dev.acomp.api.RequestFailedException.CorruptInputException;
import dev.acomp.api.RequestFailedException.DestinationTooSmallException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZstdGenericDriverTest {
    private static final byte[] TEXT = ("zstd-generic compresses pages of text like this one, again and again. ")
            .repeat(58).getBytes(StandardCharsets.US_ASCII);

    @Test
    void driverWhoseNativeLibraryDoesNotLoadIsUnavailableWithTheCause() {
        ZstdGenericDriver driver = new ZstdGenericDriver(() -> {
            throw new UnsatisfiedLinkError("no zstd-jni-1.5.7-6 in java.library.path");
        });
        assertFalse(driver.isAvailable());
        assertTrue(driver.cause().getMessage().contains("no zstd-jni"), driver.cause().getMessage());
        assertInstanceOf(UnsatisfiedLinkError.class, driver.cause().getCause());

        DriverUnavailableException e = assertThrows(DriverUnavailableException.class,
                () -> AcompRegistry.allocate(driver, AcompOptions.defaults()));
        assertTrue(e.getMessage().contains("zstd-generic") && e.getMessage().contains("no zstd-jni"), e.getMessage());

        AcompRegistry registry = AcompRegistry.of(List.of(driver));
        DriverInfo info = registry.drivers().get(0);
        assertFalse(info.available());
        assertTrue(info.cause().contains("no zstd-jni"), info.cause());
        assertThrows(DriverUnavailableException.class, () -> registry.allocate("zstd"));
    }

    @Test
    void levelOutsideZstdsRangeIsRejected() {
        AcompOptions options = AcompOptions.builder().level(Zstd.maxCompressionLevel() + 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AcompRegistry.allocate(new ZstdGenericDriver(), options));
        assertTrue(e.getMessage().contains("level"), e.getMessage());
    }

    @Test
    void levelOptionChangesTheFrameAndEveryLevelDecodesWithTheDefaultTransform() {
        ZstdGenericDriver driver = new ZstdGenericDriver();
        byte[] fast;
        byte[] strong;
        try (Acomp fastest = AcompRegistry.allocate(driver, AcompOptions.builder().level(-5).build());
                Acomp strongest = AcompRegistry.allocate(driver, AcompOptions.builder().level(19).build())) {
            fast = compress(fastest, TEXT);
            strong = compress(strongest, TEXT);
        }
        assertFalse(java.util.Arrays.equals(fast, strong), "levels -5 and 19 made the same frame");
        try (Acomp acomp = AcompRegistry.allocate(driver, AcompOptions.defaults()); AcompRequest request = acomp.newRequest()) {
            for (byte[] frame : List.of(fast, strong)) {
                ByteBuffer out = ByteBuffer.allocate(TEXT.length);
                assertEquals(TEXT.length, request.decompress(ByteBuffer.wrap(frame), out));
                assertArrayEquals(TEXT, out.array());
            }
        }
    }

    @Test
    void errorsCarryZstdsErrorCode() {
        try (Acomp acomp = AcompRegistry.allocate(new ZstdGenericDriver(), AcompOptions.defaults());
                AcompRequest request = acomp.newRequest()) {
            CorruptInputException corrupt = assertThrows(CorruptInputException.class,
                    () -> request.decompress(ByteBuffer.wrap(TEXT), ByteBuffer.allocate(TEXT.length)));
            assertEquals(Zstd.errPrefixUnknown(), corrupt.nativeCode());

            ByteBuffer frame = ByteBuffer.wrap(compress(acomp, TEXT));
            DestinationTooSmallException small = assertThrows(DestinationTooSmallException.class,
                    () -> request.decompress(frame, ByteBuffer.allocate(TEXT.length - 1)));
            assertEquals(Zstd.errDstSizeTooSmall(), small.nativeCode());
        }
    }

    private static byte[] compress(Acomp acomp, byte[] data) {
        try (AcompRequest request = acomp.newRequest()) {
            ByteBuffer out = ByteBuffer.allocate(acomp.maxCompressedLength(data.length));
            int n = request.compress(ByteBuffer.wrap(data), out);
            return java.util.Arrays.copyOf(out.array(), n);
        }
    }
}
