package dev.acomp.conformance.qpl;

import dev.acomp.conformance.AcompConformanceKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code deflate-iaa} passes the conformance kit on a real IAA. Skipped through a condition, not an
 * assumption: the kit allocates the transform before a test could assume anything.
 */
@Tag("iaa-hardware")
@ExtendWith(IaaHardware.class)
class DeflateIaaHardwareConformanceTest extends AcompConformanceKit {
    @Override
    protected String driverName() {
        return "deflate-iaa";
    }
}
