package dev.acomp.conformance.qpl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the real-IAA tests need: {@code /dev/iax} exists, the libqpl loaded is Intel's (not the acomp QPL
 * simulator, found by its control symbol) and deflate-iaa initialises its hardware path. Where one is
 * missing the tests are skipped with the reason, through an assumption or, as an extension, by
 * disabling each test.
 */
final class IaaHardware implements ExecutionCondition {
    private static final String SIMULATOR_SYMBOL = "qplsim_configure";
    private static final AtomicBoolean reported = new AtomicBoolean();

    /** Skips the calling test, saying why, unless a real IAA is usable. */
    static void assumePresent() {
        String missing = missing();
        assumeTrue(missing == null, missing);
    }

    /**
     * Disables every test method (not the class, whose skip surefire would not report) unless a real IAA
     * is usable. For suites whose own set-up runs before a test could make an assumption.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("checked per test");
        }
        String missing = missing();
        return missing == null ? ConditionEvaluationResult.enabled("IAA present")
                : ConditionEvaluationResult.disabled(missing);
    }

    /**
     * Why no real IAA can be used here, or null when it can; said once on the console too, where surefire
     * shows only a count of skipped tests.
     */
    private static String missing() {
        String reason = reason();
        if (reason != null && !reported.getAndSet(true)) {
            System.out.println("iaa-hardware tests skipped: " + reason);
        }
        return reason;
    }

    private static String reason() {
        if (!Files.isDirectory(Path.of("/dev/iax"))) {
            return "no /dev/iax: this host exposes no IAA work queue to user space (see qpl-backend/README.md)";
        }
        DriverInfo iaa = AcompRegistry.load().drivers().stream().filter(d -> d.driver().equals("deflate-iaa"))
                .findFirst().orElseThrow(() -> new AssertionError("deflate-iaa is not on the class path"));
        if (!iaa.available() && iaa.cause().startsWith("library not found")) {
            return "no real libqpl: " + iaa.cause();
        }
        if (simulatorLoaded()) {
            return "the libqpl loaded is the acomp QPL simulator, not Intel's QPL: run the iaa-hardware tests "
                    + "without acomp.qpl.library pointing at it";
        }
        return iaa.available() ? null : "deflate-iaa cannot use the hardware here: " + iaa.cause();
    }

    /** The simulator exports a control symbol Intel's libqpl does not; JNA opens libraries RTLD_GLOBAL. */
    private static boolean simulatorLoaded() {
        try {
            NativeLibrary.getProcess().getFunction(SIMULATOR_SYMBOL);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
