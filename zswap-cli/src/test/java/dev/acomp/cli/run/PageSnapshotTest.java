package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.cli.PageSource;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PageSnapshotTest {
    @Test
    void pagesMustBeDirectMemoryThatStartsOnAPageBoundary() {
        ByteBuffer aligned = PageSource.allocatePages(3);
        assertEquals(0, aligned.alignmentOffset(0, PageSnapshot.PAGE_SIZE));
        assertEquals(3, new PageSnapshot("three pages", aligned, i -> "page " + i).pageCount());

        ByteBuffer offBoundary = PageSource.allocatePages(4).slice(64, 3 * PageSnapshot.PAGE_SIZE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PageSnapshot("unaligned", offBoundary, i -> ""));
        assertTrue(e.getMessage().contains("page boundary"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PageSnapshot("on the heap", ByteBuffer.allocate(PageSnapshot.PAGE_SIZE), i -> ""));
    }
}
