package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FolioLayoutTest {
    @Test
    void foliosCoverEveryPageOnceInOrder() {
        FolioLayout layout = FolioLayout.mixed(100_003, 5);
        int next = 0;
        for (int f = 0; f < layout.folioCount(); f++) {
            assertEquals(next, layout.firstPage(f));
            assertTrue(layout.nrPages(f) >= 1 && layout.nrPages(f) <= 512);
            next += layout.nrPages(f);
        }
        assertEquals(100_003, next);
    }

    @Test
    void everySizeOfTheMixOccursAndOnlyTheLastFolioIsCutShort() {
        FolioLayout layout = FolioLayout.mixed(100_003, 5);
        Map<Integer, Integer> mix = layout.mix();
        for (int size : FolioLayout.SIZES) {
            assertTrue(mix.getOrDefault(size, 0) > 0, "no folio of " + size + " pages: " + mix);
        }
        for (int f = 0; f + 1 < layout.folioCount(); f++) {
            int size = layout.nrPages(f);
            assertTrue(Arrays.stream(FolioLayout.SIZES).anyMatch(s -> s == size), "folio " + f + ": " + size);
        }
        assertEquals(layout.folioCount(), mix.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void theSameSeedGivesTheSameLayout() {
        assertEquals(FolioLayout.mixed(5000, 9).mix(), FolioLayout.mixed(5000, 9).mix());
    }
}
