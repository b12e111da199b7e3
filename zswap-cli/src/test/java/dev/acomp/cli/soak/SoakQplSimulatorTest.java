package dev.acomp.cli.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.api.AcompRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak on deflate-iaa against the QPL simulator, with its faults too, and engine cycles on it. */
class SoakQplSimulatorTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheSimulator() {
        String library = System.getProperty("acomp.qpl.library");
        assumeTrue(library != null && Files.exists(Path.of(library)), "no QPL simulator at " + library);
    }

    @Test
    void everyOperationAtOnceUnderFileAndAcceleratorFaultsNeverReturnsAWrongPage() {
        QplSimulatorFaults faults = new QplSimulatorFaults();
        SoakResult r = Soak.run(new Soak.Settings(SoakChecks.SECONDS, 2, "deflate-iaa", dir, 11, AcompRegistry.load(),
                faults), System.err);
        List<String> expected = new ArrayList<>(SoakChecks.FILE_FAULTS);
        expected.addAll(List.of("qpl_busy_submits", "qpl_page_faults", "qpl_op_errors"));
        SoakChecks.assertPassed(r, expected);
        assertEquals(0, QplSimulatorFaults.jobsInFlight(), "QPL jobs in flight after the soak");
    }

    @Test
    void aThousandEnginesLeaveNoDirectMemoryNorJobsBehind() {
        assertEquals(0, SoakChecks.directBytesLeftByCycles(AcompRegistry.load(), "deflate-iaa", dir, 1000));
        assertEquals(0, QplSimulatorFaults.jobsInFlight());
    }
}
