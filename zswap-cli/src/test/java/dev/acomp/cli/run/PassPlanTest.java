package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassPlanTest {
    @Test
    void theWarmUpCoversEnoughPagesOrIsCapped() {
        // 4096 pages (the 16 MiB image): the cold pass and 15 warm-ups cover 65536 pages.
        assertEquals(new PassPlan(15, 5), PassPlan.of(4096, 5));
        assertEquals(new PassPlan(1, 3), PassPlan.of(PassPlan.WARMUP_PAGES / 2, 3));
        // A large source needs no warm-up beyond the cold pass; a tiny one is capped.
        assertEquals(new PassPlan(0, 5), PassPlan.of(113_350, 5));
        assertEquals(new PassPlan(PassPlan.MAX_WARMUPS, 5), PassPlan.of(1, 5));
        assertThrows(IllegalArgumentException.class, () -> new PassPlan(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PassPlan(PassPlan.MAX_WARMUPS + 1, 1));
    }

    @Test
    void withAQuietJitThePassesAreColdThenThePlansWarmUpsThenSteady() {
        long[] now = {0};
        assertEquals(List.of("cold", "warm-up", "warm-up", "steady", "steady", "last"),
                kinds(new PassPlan(2, 3).start(() -> 0, () -> now[0] += 1_000_000_000)));
    }

    @Test
    void theWarmUpGoesOnWhileTheJitCompilesAndEndsOnceItHasBeenQuietForAWhile() {
        // Passes of 100 ms; the JIT compiles for a second in each of the first two, then not at all: the
        // warm-up ends after the 500 ms of quiet that follow (the first pass without compiling and four more).
        long[] jit = {0};
        long[] now = {0};
        int[] pass = {0};
        PassPlan.Passes passes = new PassPlan(0, 2).start(() -> jit[0], () -> now[0] += 100_000_000);
        List<String> kinds = new ArrayList<>();
        while (passes.next()) {
            kinds.add(kind(passes));
            if (pass[0]++ < 2) {
                jit[0] += 1_000_000_000;
            }
        }
        assertEquals(List.of("cold", "beyond", "beyond", "beyond", "beyond", "beyond", "beyond", "steady", "last"),
                kinds);
        assertEquals(6, passes.warmups());
    }

    @Test
    void aJitThatNeverGoesQuietStillEndsTheWarmUp() {
        // Passes of 10 ms, each with 1000 ms of compiling: the warm-up lasts its fifteen passes, then on
        // until it has taken MAX_WARMUP_NANOS.
        long[] jit = {0};
        long[] now = {0};
        PassPlan.Passes passes = new PassPlan(1, 1).start(() -> jit[0] += 1_000_000_000, () -> now[0] += 10_000_000);
        List<String> kinds = kinds(passes);
        int warmups = (int) (PassPlan.MAX_WARMUP_NANOS / 10_000_000);
        assertEquals(warmups, passes.warmups());
        assertEquals(1 + warmups + 1, kinds.size());
        assertEquals("warm-up", kinds.get(1));
        assertEquals("beyond", kinds.get(warmups));
        assertEquals("last", kinds.get(warmups + 1));

        // Passes of a second: fifteen of them, though they take longer than that.
        long[] slow = {0};
        PassPlan.Passes fifteen = new PassPlan(1, 1).start(() -> jit[0] += 100_000_000_000L,
                () -> slow[0] += 1_000_000_000);
        assertEquals(1 + PassPlan.MAX_WARMUPS + 1, kinds(fifteen).size());
    }

    @Test
    void theSteadyFiguresAreTheMedianAndTheColdOneIsTheFirstPass() {
        long[] now = {0};
        PassPlan.Passes passes = new PassPlan(1, 3).start(() -> 0, () -> now[0] += 1_000_000_000);
        Throughput.Recorder r = new Throughput.Recorder(passes);
        long bytes = 1000L * PageSnapshot.PAGE_SIZE;
        // Store nanos and CPU nanos, load nanos and CPU nanos, for 1000 pages each way.
        long[][] timings = {
                {40_960_000, 1, 20_480_000, 1}, // cold: 100 and 200 MB/s; its CPU is not reported
                {1, 1, 1, 1}, // warm-up: ignored
                {8_192_000, 7_000_000, 4_096_000, 2_000_000}, // 500 and 1000 MB/s; 7 and 2 us per page
                {4_096_000, 5_000_000, 16_384_000, 4_000_000}, // 1000, 250; 5, 4
                {16_384_000, 9_000_000, 8_192_000, 3_000_000}}; // 250, 500; 9, 3
        for (long[] t : timings) {
            assertTrue(passes.next());
            r.pass(bytes, new PhaseTime(t[0], t[1]), bytes, new PhaseTime(t[2], t[3]));
        }
        assertFalse(passes.next());
        assertEquals(new Throughput(500, 500, 100, 200, 3, 1, 7, 3), r.throughput());
    }

    @Test
    void cpuTimeAJvmCannotMeasureIsNotANumber() {
        long[] now = {0};
        PassPlan.Passes passes = new PassPlan(0, 1).start(() -> 0, () -> now[0] += 1_000_000_000);
        Throughput.Recorder r = new Throughput.Recorder(passes);
        long bytes = PageSnapshot.PAGE_SIZE;
        while (passes.next()) {
            r.pass(bytes, new PhaseTime(1000, -1), bytes, new PhaseTime(1000, PhaseTime.addCpu(5, -1)));
        }
        assertTrue(Double.isNaN(r.throughput().storeCpuMicros()));
        assertTrue(Double.isNaN(r.throughput().loadCpuMicros()));
    }

    private static List<String> kinds(PassPlan.Passes passes) {
        List<String> kinds = new ArrayList<>();
        while (passes.next()) {
            kinds.add(kind(passes));
        }
        return kinds;
    }

    private static String kind(PassPlan.Passes p) {
        return p.isCold() ? "cold" : p.isLast() ? "last" : p.isSteady() ? "steady" : p.isBeyondPlan() ? "beyond"
                : "warm-up";
    }
}
