package com.example.acomp.lzo;

import dev.acomp.conformance.AcompConformanceKit;

/** The acomp conformance kit on this plugin's driver, found through its services file. */
class LzoConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "lzo-aircompressor";
    }
}
