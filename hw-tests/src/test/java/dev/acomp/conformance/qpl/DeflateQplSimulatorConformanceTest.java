package dev.acomp.conformance.qpl;

import dev.acomp.conformance.AcompConformanceKit;

/** {@code deflate-qpl}, QPL's software path, passes the conformance kit on the QPL simulator. */
class DeflateQplSimulatorConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "deflate-qpl";
    }
}
