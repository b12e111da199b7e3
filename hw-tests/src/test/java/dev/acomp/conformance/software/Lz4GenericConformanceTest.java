package dev.acomp.conformance.software;

import dev.acomp.conformance.AcompConformanceKit;

/** {@code lz4-generic} (LZ4 blocks) passes the conformance kit. */
class Lz4GenericConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "lz4-generic";
    }
}
