package dev.acomp.conformance.software;

import dev.acomp.conformance.AcompConformanceKit;

/** {@code zstd-generic} (zstd frames) passes the conformance kit. */
class ZstdGenericConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "zstd-generic";
    }
}
