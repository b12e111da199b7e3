package dev.acomp.software;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Buffers the conformance kit does not make: read-only ones. */
class BufferEdgeCasesTest {
    private static final byte[] TEXT = "a read-only page, a read-only page, a read-only page, read-only"
            .repeat(64).getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"lz4-generic", "zstd-generic", "deflate-generic"})
    void readOnlySourcesOfEitherKindRoundTrip(String driver) {
        try (Acomp acomp = AcompRegistry.load().allocate(driver); AcompRequest request = acomp.newRequest()) {
            for (ByteBuffer src : new ByteBuffer[] {ByteBuffer.wrap(TEXT).asReadOnlyBuffer(),
                    ByteBuffer.allocateDirect(TEXT.length).put(TEXT).flip().asReadOnlyBuffer()}) {
                ByteBuffer packed = ByteBuffer.allocate(acomp.maxCompressedLength(TEXT.length));
                int n = request.compress(src, packed);
                assertEquals(0, src.position());
                ByteBuffer back = ByteBuffer.allocateDirect(TEXT.length);
                ByteBuffer readOnlyPacked = packed.limit(n).asReadOnlyBuffer();
                assertEquals(TEXT.length, request.decompress(readOnlyPacked, back));
                byte[] restored = new byte[TEXT.length];
                back.get(0, restored);
                assertArrayEquals(TEXT, restored, src.isDirect() ? "direct" : "heap");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4-generic", "zstd-generic", "deflate-generic"})
    void readOnlyDestinationIsRefusedUntouched(String driver) {
        try (Acomp acomp = AcompRegistry.load().allocate(driver); AcompRequest request = acomp.newRequest()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(acomp.maxCompressedLength(TEXT.length));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> request.compress(ByteBuffer.wrap(TEXT), direct.asReadOnlyBuffer()));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            for (int i = 0; i < direct.capacity(); i++) {
                assertEquals(0, direct.get(i), "byte " + i + " of a read-only destination written");
            }
        }
    }
}
