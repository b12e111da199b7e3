package dev.acomp.software;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompProvider;
import dev.acomp.software.deflate.DeflateGenericDriver;
import dev.acomp.software.lz4.Lz4GenericDriver;
import dev.acomp.software.zstd.ZstdGenericDriver;
import java.util.List;

/**
 * The generic drivers, as the kernel's {@code lz4-generic}, {@code zstd-generic} and
 * {@code deflate-generic}: always there, below any accelerator in priority.
 */
public final class SoftwareProvider implements AcompProvider {
    private final List<AcompDriver> drivers =
            List.of(new Lz4GenericDriver(), new ZstdGenericDriver(), new DeflateGenericDriver());

    @Override
    public List<AcompDriver> drivers() {
        return drivers;
    }
}
