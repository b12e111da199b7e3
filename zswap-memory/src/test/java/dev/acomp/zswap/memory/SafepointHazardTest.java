package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hazard of resolving faults inside the faulting JVM: threads fault on the region while the JVM runs a GC
 * every 5 ms and thread dumps (handshakes) every 100 ms, for 60 s. This JVM is the watchdog: the one under test
 * ({@link HazardMain}) must keep beating; a stall is killed with SIGKILL and fails the test, with where its
 * threads sat in the kernel.
 */
class SafepointHazardTest {
    private static final int SECONDS = 60;
    private static final long STALL_MS = 10_000;

    @Test
    @Timeout(value = SECONDS + 60, unit = TimeUnit.SECONDS)
    void gcAndHandshakesNeverWedgeFaultingThreads() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-Dacomp.shared.dir=" + System.getProperty("acomp.shared.dir", ""),
                "-cp", System.getProperty("java.class.path"), HazardMain.class.getName(), String.valueOf(SECONDS), "2")
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> tail = new ArrayList<>();
        try {
            while (child.isAlive() || !lines.isEmpty()) {
                String line = lines.poll(STALL_MS, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!child.isAlive()) {
                        break;
                    }
                    String where = kernelWaits(child.pid());
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("the JVM under test stalled for " + STALL_MS + " ms and was killed; its threads waited in "
                            + where + "; last lines: " + tail);
                }
                tail.add(line);
                if (tail.size() > 5) {
                    tail.remove(0);
                }
                assumeFalse(line.startsWith("skip: "), line);
            }
            int exit = child.waitFor();
            assertEquals(0, exit, "exit " + exit + "; last lines: " + tail);
            assertEquals("verified", tail.get(tail.size() - 1).split(" ")[0], tail.toString());
            System.out.println("the JVM under test: " + tail);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The kernel functions the process's threads are blocked in (wchan), counted. */
    private static String kernelWaits(long pid) {
        StringBuilder b = new StringBuilder();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(t -> {
                try {
                    b.append(Files.readString(t.resolve("comm")).trim()).append('=')
                            .append(Files.readString(t.resolve("wchan")).trim()).append(' ');
                } catch (IOException e) {
                    // The thread exited meanwhile.
                }
            });
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        return b.toString();
    }
}
