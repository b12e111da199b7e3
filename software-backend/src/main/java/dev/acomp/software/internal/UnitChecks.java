package dev.acomp.software.internal;

import java.nio.ByteBuffer;

/** Checks shared by the generic transforms, before a codec sees a unit. */
public final class UnitChecks {
    private UnitChecks() {
    }

    /**
     * JNI codecs write through a direct buffer's address whether or not the buffer is read-only, so the
     * flag is checked here rather than left to each library.
     */
    public static void requireWritable(String driver, ByteBuffer destination) {
        if (destination.isReadOnly()) {
            throw new IllegalArgumentException(driver + ": the destination buffer is read-only");
        }
    }

    /** For {@code maxCompressedLength}: a source length cannot be negative. */
    public static int requireSourceLength(int sourceLength) {
        if (sourceLength < 0) {
            throw new IllegalArgumentException("negative source length: " + sourceLength);
        }
        return sourceLength;
    }
}
