package dev.acomp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A unit buffer with guard bytes before its position and after its limit, to prove a driver reads and
 * writes only between them and leaves position and limit as they were. Reused between operations.
 */
final class GuardedBuffer {
    static final int GUARD_LENGTH = 64;
    private static final byte GUARD = (byte) 0xA5;

    private final BufferKind kind;
    private final ByteBuffer whole;
    /** The same memory, always open over its whole capacity, for guard checks. */
    private final ByteBuffer all;
    private final int offset;
    private final int capacity;
    private final byte[] guard;
    private int limit;

    /** Room for {@code capacity} bytes at position {@code offset}. */
    GuardedBuffer(BufferKind kind, int offset, int capacity) {
        this.kind = kind;
        this.offset = offset;
        this.capacity = capacity;
        this.whole = kind.allocate(offset + capacity + GUARD_LENGTH);
        this.all = whole.duplicate();
        this.guard = new byte[whole.capacity()];
        Arrays.fill(guard, GUARD);
    }

    /** A source holding {@code data}, guards around it. */
    ByteBuffer source(byte[] data) {
        ByteBuffer b = window(data.length);
        all.put(offset, data);
        return b;
    }

    /** A destination of {@code length} bytes, filled with guard bytes so that stray writes show. */
    ByteBuffer destination(int length) {
        return window(length);
    }

    private ByteBuffer window(int length) {
        if (length > capacity) {
            throw new IllegalArgumentException("test buffer of " + capacity + " bytes asked for " + length);
        }
        all.put(0, guard);
        limit = offset + length;
        return whole.limit(limit).position(offset);
    }

    /** The first {@code length} bytes from the position. */
    byte[] bytes(int length) {
        byte[] out = new byte[length];
        all.get(offset, out);
        return out;
    }

    /** Position and limit as set, nothing written before the position or at or after the limit. */
    void assertUntouchedOutside(String what) {
        assertEquals(offset, whole.position(), what + ": position moved");
        assertEquals(limit, whole.limit(), what + ": limit moved");
        for (int i = 0; i < offset; i++) {
            if (all.get(i) != GUARD) {
                fail(what + ": byte written " + (offset - i) + " before the position");
            }
        }
        for (int i = limit; i < all.capacity(); i++) {
            if (all.get(i) != GUARD) {
                fail(what + ": byte written " + (i - limit) + " past the limit (" + kind + " buffer)");
            }
        }
    }

    /** Nothing written at all: the whole window still holds guard bytes. */
    void assertUnwritten(String what) {
        assertUntouchedOutside(what);
        for (int i = offset; i < limit; i++) {
            if (all.get(i) != GUARD) {
                fail(what + ": byte " + (i - offset) + " of the destination written");
            }
        }
    }

    /** A source: untouched outside, and its bytes are still {@code data}. */
    void assertSourceIntact(String what, byte[] data) {
        assertUntouchedOutside(what);
        assertArrayEquals(data, bytes(data.length), what + ": source bytes changed");
    }

    @Override
    public String toString() {
        return kind + "@" + offset;
    }
}
