package dev.acomp.software.internal;

/** Checks shared by the generic transforms. */
public final class UnitChecks {
    private UnitChecks() {
    }

    /** For {@code maxCompressedLength}: a source length cannot be negative. */
    public static int requireSourceLength(int sourceLength) {
        if (sourceLength < 0) {
            throw new IllegalArgumentException("negative source length: " + sourceLength);
        }
        return sourceLength;
    }
}
