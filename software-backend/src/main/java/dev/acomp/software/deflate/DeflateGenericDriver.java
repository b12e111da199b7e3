package dev.acomp.software.deflate;

import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.AcompOptions;
import dev.acomp.software.internal.SoftwareDriver;

/** {@code deflate-generic}: raw DEFLATE (RFC 1951, no zlib or gzip wrapper) through java.util.zip. */
public final class DeflateGenericDriver extends SoftwareDriver {
    public static final String ALGORITHM = "deflate";
    public static final String NAME = "deflate-generic";
    /** zlib's default level. */
    public static final int DEFAULT_LEVEL = 6;

    public DeflateGenericDriver() {
        // java.util.zip is part of java.base: nothing to load.
        super(ALGORITHM, NAME, () -> { });
    }

    @Override
    protected AcompTransform<?> newTransform(AcompOptions options) {
        return new DeflateGenericAcomp(options);
    }
}
