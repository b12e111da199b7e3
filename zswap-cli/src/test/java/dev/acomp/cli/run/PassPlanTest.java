package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    }

    @Test
    void passesAreColdThenWarmUpThenSteady() {
        PassPlan plan = new PassPlan(2, 3);
        assertEquals(6, plan.total());
        assertEquals(3, plan.firstSteady());
        assertFalse(plan.isSteady(0) || plan.isSteady(1) || plan.isSteady(2));
        assertTrue(plan.isSteady(3) && plan.isSteady(5));
        assertThrows(IllegalArgumentException.class, () -> new PassPlan(0, 0));
    }

    @Test
    void theSteadyFiguresAreTheMedianAndTheColdOneIsTheFirstPass() {
        PassPlan plan = new PassPlan(1, 3);
        Throughput.Recorder r = new Throughput.Recorder(plan);
        r.pass(0, 1_000_000, 10_000_000, 2_000_000, 10_000_000); // cold: 100 and 200 MB/s
        r.pass(1, 1_000_000, 1, 1_000_000, 1); // warm-up: ignored
        r.pass(2, 1_000_000, 2_000_000, 1_000_000, 1_000_000); // 500, 1000
        r.pass(3, 1_000_000, 1_000_000, 1_000_000, 4_000_000); // 1000, 250
        r.pass(4, 1_000_000, 4_000_000, 1_000_000, 2_000_000); // 250, 500
        assertEquals(new Throughput(500, 500, 100, 200, 3), r.throughput());
    }
}
