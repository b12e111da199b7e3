package dev.acomp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRequest;
import java.util.List;

/**
 * The three buffers of a round trip (original, compressed, restored), of given kinds and positions: the
 * original and restored buffers are of the source kind, the compressed one of the destination kind, so a
 * round trip covers both directions of a mixed pair.
 */
final class UnitBuffers {
    /** Every kind against every other, at zero and odd positions. */
    static final List<Layout> LAYOUTS = List.of(
            new Layout(BufferKind.DIRECT, BufferKind.DIRECT, 0),
            new Layout(BufferKind.HEAP, BufferKind.HEAP, 0),
            new Layout(BufferKind.DIRECT, BufferKind.HEAP, 3),
            new Layout(BufferKind.HEAP, BufferKind.DIRECT, 1),
            new Layout(BufferKind.HEAP_SLICED, BufferKind.DIRECT, 17),
            new Layout(BufferKind.DIRECT, BufferKind.HEAP_SLICED, 5),
            new Layout(BufferKind.HEAP_SLICED, BufferKind.HEAP_SLICED, 9),
            new Layout(BufferKind.DIRECT, BufferKind.DIRECT, 4093));

    /** Buffer kinds and the position of every buffer. */
    record Layout(BufferKind source, BufferKind destination, int offset) {
        @Override
        public String toString() {
            return source + "->" + destination + "@" + offset;
        }
    }

    final Layout layout;
    final GuardedBuffer original;
    final GuardedBuffer compressed;
    final GuardedBuffer restored;

    /** Buffers for units of up to {@code maxLength} bytes. */
    UnitBuffers(Acomp acomp, Layout layout, int maxLength) {
        this.layout = layout;
        this.original = new GuardedBuffer(layout.source(), layout.offset(), maxLength);
        this.compressed = new GuardedBuffer(layout.destination(), layout.offset(), acomp.maxCompressedLength(maxLength));
        this.restored = new GuardedBuffer(layout.source(), layout.offset(), maxLength);
    }

    /**
     * Compresses {@code data} into a destination of exactly {@code maxCompressedLength}, decompresses into
     * exactly its length, checks every buffer, and returns the compressed bytes.
     */
    byte[] roundTrip(AcompRequest request, byte[] data, String what) {
        Acomp acomp = request.transform();
        String where = acomp.driver() + ": " + what + " (" + data.length + " bytes, " + layout + ")";
        int bound = acomp.maxCompressedLength(data.length);
        int compressedLength = request.compress(original.source(data), compressed.destination(bound));
        assertTrue(compressedLength > 0 && compressedLength <= bound,
                where + ": compressed length " + compressedLength + " outside 1.." + bound);
        original.assertSourceIntact(where + " compress source", data);
        compressed.assertUntouchedOutside(where + " compress destination");
        byte[] packed = compressed.bytes(compressedLength);

        int restoredLength = request.decompress(compressed.source(packed), restored.destination(data.length));
        compressed.assertSourceIntact(where + " decompress source", packed);
        restored.assertUntouchedOutside(where + " decompress destination");
        assertTrue(restoredLength == data.length, where + ": decompressed " + restoredLength + " bytes");
        assertArrayEquals(data, restored.bytes(data.length), where + ": round trip changed the data");
        return packed;
    }
}
