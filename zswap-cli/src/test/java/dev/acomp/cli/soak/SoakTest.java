package dev.acomp.cli.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acomp.api.AcompRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak on lz4 under backing-file faults, and engine create-and-close cycles. */
class SoakTest {
    @TempDir
    Path dir;

    @Test
    void everyOperationAtOnceUnderFileFaultsNeverReturnsAWrongPage() {
        SoakResult r = Soak.run(new Soak.Settings(SoakChecks.SECONDS, 2, "lz4", dir, 7, AcompRegistry.load(), null),
                System.err);
        SoakChecks.assertPassed(r, SoakChecks.FILE_FAULTS);
    }

    @Test
    void aThousandEnginesLeaveNoDirectMemoryBehind() {
        assertEquals(0, SoakChecks.directBytesLeftByCycles(AcompRegistry.load(), "lz4", dir, 1000));
    }
}
