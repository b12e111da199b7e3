package dev.acomp.software.lz4;

import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.AcompOptions;
import dev.acomp.software.internal.SoftwareDriver;
import net.jpountz.lz4.LZ4Factory;

/** {@code lz4-generic}: raw LZ4 blocks through lz4-java (its JNI build where it loads, else pure Java). */
public final class Lz4GenericDriver extends SoftwareDriver {
    public static final String ALGORITHM = "lz4";
    public static final String NAME = "lz4-generic";

    public Lz4GenericDriver() {
        super(ALGORITHM, NAME, LZ4Factory::fastestInstance);
    }

    /** The level option is ignored: LZ4 has one fast mode (LZ4HC would be a different driver). */
    @Override
    protected AcompTransform<?> newTransform(AcompOptions options) {
        return new Lz4GenericAcomp(options);
    }
}
