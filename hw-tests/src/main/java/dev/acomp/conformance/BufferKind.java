package dev.acomp.conformance;

import java.nio.ByteBuffer;

/** The kinds of buffer a driver must accept for a unit's source and destination. */
public enum BufferKind {
    /** Native memory: the zero-copy case. */
    DIRECT {
        @Override
        ByteBuffer allocate(int size) {
            return ByteBuffer.allocateDirect(size);
        }
    },
    /** A plain heap buffer, array offset 0. */
    HEAP {
        @Override
        ByteBuffer allocate(int size) {
            return ByteBuffer.allocate(size);
        }
    },
    /** A heap buffer whose backing array starts before it (non-zero {@code arrayOffset()}). */
    HEAP_SLICED {
        @Override
        ByteBuffer allocate(int size) {
            return ByteBuffer.allocate(size + SLICE_OFFSET).position(SLICE_OFFSET).slice();
        }
    };

    private static final int SLICE_OFFSET = 11;

    abstract ByteBuffer allocate(int size);
}
