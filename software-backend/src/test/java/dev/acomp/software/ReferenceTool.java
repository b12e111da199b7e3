package dev.acomp.software;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A reference command-line codec (the {@code zstd} or {@code lz4} CLI), the independent decoder of a
 * cross-check, and the driver it checks. Register as a JUnit extension: before each test it requires the
 * tool and opens a transform and request of the driver, after each it closes them.
 */
public final class ReferenceTool implements BeforeEachCallback, AfterEachCallback {
    private final Path executable;
    private final String debianPackage;
    private final String driver;
    private Acomp acomp;
    private AcompRequest request;

    private ReferenceTool(Path executable, String debianPackage, String driver) {
        this.executable = executable;
        this.debianPackage = debianPackage;
        this.driver = driver;
    }

    /** The tool at {@code /usr/bin/<name>} (from {@code debianPackage}), checked against {@code driver}. */
    public static ReferenceTool against(String driver, String name, String debianPackage) {
        return new ReferenceTool(Path.of("/usr/bin", name), debianPackage, driver);
    }

    /** Fails the test, naming the package, when the tool is not installed. */
    @Override
    public void beforeEach(ExtensionContext context) {
        assertTrue(Files.isExecutable(executable), () -> executable + " is missing: install the '" + debianPackage
                + "' package (apt-get install " + debianPackage + ") for this cross-check");
        acomp = AcompRegistry.load().allocate(driver);
        request = acomp.newRequest();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (acomp != null) { // null when the tool was missing
            request.close();
            acomp.close();
        }
    }

    /** Runs the tool with {@code args}, its standard output to {@code output}; fails on a non-zero exit. */
    public void run(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(output.getParent(), "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> command + " did not finish");
        assertEquals(0, p.exitValue(), () -> command + " failed (" + debianPackage + "): " + read(errors));
    }

    /** {@code data} compressed by the driver. */
    public byte[] compressByDriver(byte[] data) {
        ByteBuffer dst = ByteBuffer.allocateDirect(acomp.maxCompressedLength(data.length));
        int n = request.compress(ByteBuffer.allocateDirect(data.length).put(0, data), dst);
        byte[] out = new byte[n];
        dst.get(0, out);
        return out;
    }

    /** Asserts that the driver decompresses {@code packed}, the tool's output for {@code file}, to {@code data}. */
    public void assertDriverDecompresses(byte[] packed, byte[] data, Path file) {
        ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
        assertEquals(data.length, request.decompress(ByteBuffer.allocateDirect(packed.length).put(0, packed), dst));
        byte[] restored = new byte[data.length];
        dst.get(0, restored);
        assertArrayEquals(data, restored, file.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
