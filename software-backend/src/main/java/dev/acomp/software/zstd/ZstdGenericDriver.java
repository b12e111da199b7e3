package dev.acomp.software.zstd;

import com.github.luben.zstd.util.Native;
import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.AcompOptions;
import dev.acomp.software.internal.SoftwareDriver;

/** {@code zstd-generic}: standard zstd frames through zstd-jni; unavailable when its JNI library does not load. */
public final class ZstdGenericDriver extends SoftwareDriver {
    public static final String ALGORITHM = "zstd";
    public static final String NAME = "zstd-generic";
    /** As the kernel's zstd: level 3 unless the options say otherwise. */
    public static final int DEFAULT_LEVEL = 3;

    public ZstdGenericDriver() {
        this(Native::load);
    }

    /** With another way of loading the native library, to test the unavailable case. */
    ZstdGenericDriver(Runnable nativeLoader) {
        super(ALGORITHM, NAME, nativeLoader);
    }

    @Override
    protected AcompTransform<?> newTransform(AcompOptions options) {
        return new ZstdGenericAcomp(options);
    }
}
