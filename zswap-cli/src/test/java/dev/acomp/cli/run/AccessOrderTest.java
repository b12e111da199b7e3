package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AccessOrderTest {
    private static int[] counts(AccessOrder order, int pages, int draws) {
        int[] counts = new int[pages];
        for (int i = 0; i < draws; i++) {
            counts[order.next()]++;
        }
        return counts;
    }

    @Test
    void sequentialVisitsEveryPageOncePerRound() {
        int[] counts = counts(AccessPattern.SEQ.order(1000, 7), 1000, 3000);
        assertTrue(Arrays.stream(counts).allMatch(c -> c == 3));
    }

    @Test
    void randomIsUniformAndReproducible() {
        int[] counts = counts(AccessPattern.RANDOM.order(100, 7), 100, 100_000);
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 800 && c < 1200), Arrays.toString(counts));
        assertArrayEquals(counts, counts(AccessPattern.RANDOM.order(100, 7), 100, 100_000));
    }

    @Test
    void zipfConcentratesOnAFewHotPagesSpreadOverTheRange() {
        int pages = 10_000;
        int[] counts = counts(AccessPattern.ZIPF.order(pages, 7), pages, 200_000);
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        long top100 = 0;
        for (int i = pages - 100; i < pages; i++) {
            top100 += sorted[i];
        }
        // Zipf with theta 0.99: the 100 hottest of 10,000 pages take about half of the loads.
        assertTrue(top100 > 0.4 * 200_000 && top100 < 0.65 * 200_000, "top 100 pages: " + top100);
        int hottest = 0;
        for (int i = 1; i < pages; i++) {
            hottest = counts[i] > counts[hottest] ? i : hottest;
        }
        assertTrue(hottest != 0, "the hottest page is shuffled away from the first");
        assertArrayEquals(counts, counts(AccessPattern.ZIPF.order(pages, 7), pages, 200_000));
    }

    @Test
    void parsesNamesAndRejectsOthers() {
        assertEquals(AccessPattern.ZIPF, AccessPattern.parse("Zipf"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccessPattern.parse("lru"));
        assertTrue(e.getMessage().contains("'lru'"));
    }
}
