package dev.acomp.conformance.qpl;

import dev.acomp.conformance.AcompConformanceKit;

/** {@code deflate-iaa} passes the conformance kit on the QPL simulator (surefire names it in acomp.qpl.library). */
class DeflateIaaSimulatorConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "deflate-iaa";
    }
}
