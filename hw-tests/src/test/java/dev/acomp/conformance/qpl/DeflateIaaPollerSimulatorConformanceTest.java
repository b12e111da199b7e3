package dev.acomp.conformance.qpl;

import dev.acomp.api.AcompOptions;
import dev.acomp.conformance.AcompConformanceKit;

/** {@code deflate-iaa} with its completion poller thread passes the conformance kit on the QPL simulator. */
class DeflateIaaPollerSimulatorConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "deflate-iaa";
    }

    @Override
    protected AcompOptions options() {
        return AcompOptions.builder().property("qpl.completion", "poller").build();
    }
}
