package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CompilerCpuTest {
    @Test
    void readsTheCompilerThreadsCpuWhichGrowsAsTheJitCompiles() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc/self/task: not Linux");
        LongSupplier cpu = CompilerCpu.clock();
        assertInstanceOf(CompilerCpu.class, cpu, "read from /proc");
        long before = cpu.getAsLong();
        // The JVM compiled its start-up code, and compiles this loop's code now.
        assertTrue(before > 0, "compiler CPU " + before);
        long sum = 0;
        for (int round = 0; round < 200 && cpu.getAsLong() == before; round++) {
            sum += work(round);
        }
        assertTrue(cpu.getAsLong() > before, "no compiling seen after " + sum);
    }

    /** Work hot enough for the JIT to compile. */
    private static long work(int round) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append(Integer.toHexString(i * round)).append(Long.toString(i ^ round, 36));
            if (b.length() > 10_000) {
                b.setLength(0);
            }
        }
        return b.length();
    }
}
