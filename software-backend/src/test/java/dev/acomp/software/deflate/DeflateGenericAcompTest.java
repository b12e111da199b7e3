package dev.acomp.software.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.RequestFailedException.CorruptInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateGenericAcompTest {
    private static final byte[] TEXT = "raw DEFLATE, RFC 1951, without zlib's header or trailer. "
            .repeat(72).getBytes(StandardCharsets.US_ASCII);

    /** The bound is zlib's deflateBound(): incompressible input at any level fits in exactly that many bytes. */
    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void incompressibleInputFitsInMaxCompressedLengthAtEveryLevel(int level) {
        Random random = new Random(level);
        try (Acomp acomp = allocate(level); AcompRequest request = acomp.newRequest()) {
            for (int size : new int[] {0, 1, 2, 7, 64, 255, 4095, 4096, 4097, 65535, 65536, 65537, 1 << 20}) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                ByteBuffer packed = ByteBuffer.allocateDirect(acomp.maxCompressedLength(size));
                int n = request.compress(ByteBuffer.wrap(data), packed);
                ByteBuffer out = ByteBuffer.allocate(size);
                assertEquals(size, request.decompress(packed.limit(n), out), "size " + size);
                assertArrayEquals(data, out.array(), "size " + size);
            }
        }
    }

    @Test
    void levelOutside0To9IsRejected() {
        for (int level : new int[] {-2, 10}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> allocate(level));
            assertTrue(e.getMessage().contains("level " + level), e.getMessage());
        }
    }

    @Test
    void truncatedStreamAndTrailingBytesAreCorruptInput() {
        try (Acomp acomp = allocate(6); AcompRequest request = acomp.newRequest()) {
            ByteBuffer packed = ByteBuffer.allocate(acomp.maxCompressedLength(TEXT.length));
            int n = request.compress(ByteBuffer.wrap(TEXT), packed);
            byte[] stream = Arrays.copyOf(packed.array(), n);

            CorruptInputException truncated = assertThrows(CorruptInputException.class, () -> request.decompress(
                    ByteBuffer.wrap(stream, 0, n - 1), ByteBuffer.allocate(TEXT.length)));
            assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

            CorruptInputException trailing = assertThrows(CorruptInputException.class, () -> request.decompress(
                    ByteBuffer.wrap(Arrays.copyOf(stream, n + 3)), ByteBuffer.allocate(TEXT.length)));
            assertTrue(trailing.getMessage().contains("3 bytes follow"), trailing.getMessage());
        }
    }

    private static Acomp allocate(int level) {
        return AcompRegistry.allocate(new DeflateGenericDriver(), AcompOptions.builder().level(level).build());
    }
}
