package dev.acomp.conformance.software;

import dev.acomp.conformance.AcompConformanceKit;

/** {@code deflate-generic} (raw DEFLATE) passes the conformance kit. */
class DeflateGenericConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "deflate-generic";
    }
}
