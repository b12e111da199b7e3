package dev.acomp.zswap.writeback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotBitmapTest {

    @Test
    void allocatesForwardFromTheHintBeforeReusingFreedSectors() {
        SlotBitmap bitmap = new SlotBitmap(10);
        assertEquals(0, bitmap.allocate(3));
        assertEquals(3, bitmap.allocate(3));
        bitmap.free(0, 3);
        assertEquals(6, bitmap.allocate(3));
        assertEquals(0, bitmap.allocate(3), "wraps to the freed run once the end is used");
        assertEquals(1, bitmap.freeSectors());
    }

    @Test
    void findsARunThatCrossesTheHintAfterWrapping() {
        SlotBitmap bitmap = new SlotBitmap(10);
        assertEquals(0, bitmap.allocate(3));
        assertEquals(3, bitmap.allocate(3));
        assertEquals(6, bitmap.allocate(2));
        bitmap.free(6, 2);
        // Sectors 6..9 are free and the hint is 8, inside them: the run starts before the hint.
        assertEquals(6, bitmap.allocate(4));
        assertEquals(0, bitmap.freeSectors());
    }

    @Test
    void runsSpanWordBoundaries() {
        SlotBitmap bitmap = new SlotBitmap(200);
        assertEquals(0, bitmap.allocate(60));
        assertEquals(60, bitmap.allocate(70));
        assertEquals(130, bitmap.allocate(70));
        assertEquals(-1, bitmap.allocate(1));
        bitmap.free(60, 70);
        assertEquals(60, bitmap.allocate(70));
    }

    @Test
    void fragmentedSpaceHasNoRunLongEnough() {
        SlotBitmap bitmap = new SlotBitmap(4);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, bitmap.allocate(1));
        }
        bitmap.free(0, 1);
        bitmap.free(2, 1);
        assertEquals(2, bitmap.freeSectors());
        assertEquals(-1, bitmap.allocate(2));
        assertEquals(-1, bitmap.allocate(3), "more than free");
    }

    @Test
    void doubleFreeAndWrongLengthAreRefused() {
        SlotBitmap bitmap = new SlotBitmap(16);
        int slot = bitmap.allocate(2);
        assertThrows(IllegalStateException.class, () -> bitmap.free(slot, 3));
        bitmap.free(slot, 2);
        assertThrows(IllegalStateException.class, () -> bitmap.free(slot, 2));
        assertThrows(IllegalArgumentException.class, () -> bitmap.free(15, 2));
        assertEquals(16, bitmap.freeSectors());
    }

    /** Random allocations and frees against a plain boolean model: no overlap, no missed run. */
    @Test
    void agreesWithAModelUnderRandomUse() {
        int sectors = 1000;
        SlotBitmap bitmap = new SlotBitmap(sectors);
        boolean[] used = new boolean[sectors];
        List<int[]> runs = new ArrayList<>();
        Random random = new Random(42);
        for (int step = 0; step < 20_000; step++) {
            if (runs.isEmpty() || random.nextInt(3) != 0) {
                int count = 1 + random.nextInt(random.nextBoolean() ? 4 : 90);
                int slot = bitmap.allocate(count);
                if (slot < 0) {
                    assertFalse(modelHasRun(used, count), "missed a free run of " + count);
                    continue;
                }
                for (int i = slot; i < slot + count; i++) {
                    assertFalse(used[i], "sector " + i + " given twice");
                    used[i] = true;
                }
                runs.add(new int[] {slot, count});
            } else {
                int[] run = runs.remove(random.nextInt(runs.size()));
                bitmap.free(run[0], run[1]);
                for (int i = run[0]; i < run[0] + run[1]; i++) {
                    used[i] = false;
                }
            }
            int free = 0;
            for (boolean u : used) {
                free += u ? 0 : 1;
            }
            assertEquals(free, bitmap.freeSectors());
        }
        assertTrue(runs.size() > 10);
    }

    private static boolean modelHasRun(boolean[] used, int count) {
        int run = 0;
        for (boolean u : used) {
            run = u ? 0 : run + 1;
            if (run >= count) {
                return true;
            }
        }
        return false;
    }
}
