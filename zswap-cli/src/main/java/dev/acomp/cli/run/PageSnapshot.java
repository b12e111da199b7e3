package dev.acomp.cli.run;

import dev.acomp.cli.PageSource;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * The pages of one run, fixed before it starts so that every page loaded back can be checked byte for
 * byte against what was stored, even when the source (a live process, copied when read) has changed
 * since. One direct buffer of {@link #PAGE_SIZE}-byte pages that starts on a page boundary (so that
 * compare's kernel side can write the pages to zram straight from it, as the engine stores them), never
 * written after it was made.
 */
public final class PageSnapshot {
    public static final int PAGE_SIZE = PageSource.PAGE_SIZE;

    private final String origin;
    private final ByteBuffer pages;
    private final IntFunction<String> describer;

    /**
     * @param origin where the pages come from, for the report
     * @param pages the pages, position 0, limit a multiple of {@link #PAGE_SIZE}, in direct memory that
     *     starts on a page boundary ({@link PageSource#allocatePages})
     * @param describer where page {@code i} comes from, for messages
     */
    public PageSnapshot(String origin, ByteBuffer pages, IntFunction<String> describer) {
        if (pages.position() != 0 || pages.limit() % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("pages must start at 0 and hold whole pages: " + pages);
        }
        if (!pages.isDirect() || pages.alignmentOffset(0, PAGE_SIZE) != 0) {
            throw new IllegalArgumentException("pages must be direct memory that starts on a page boundary: "
                    + pages);
        }
        this.origin = origin;
        this.pages = pages.asReadOnlyBuffer();
        this.describer = describer;
    }

    /** The pages of a FILE|DIR source: its own buffer, which nothing writes after reading the files. */
    public static PageSnapshot of(PageSource source) {
        return new PageSnapshot(source.root().toString(), source.allPages(), source::describe);
    }

    public String origin() {
        return origin;
    }

    public int pageCount() {
        return pages.limit() / PAGE_SIZE;
    }

    public long bytes() {
        return (long) pages.limit();
    }

    /**
     * A read-only view of all the pages with its own position and limit: each thread takes one and moves
     * it over folios and pages without allocating.
     */
    public ByteBuffer view() {
        return pages.duplicate();
    }

    /** Sets {@code b}'s position and limit to pages {@code [firstPage, firstPage + nrPages)} of it; returns it. */
    public static ByteBuffer select(ByteBuffer b, int firstPage, int nrPages) {
        return b.limit((firstPage + nrPages) * PAGE_SIZE).position(firstPage * PAGE_SIZE);
    }

    /** Where page {@code index} comes from, e.g. {@code "calgary/book1 page 3"}. */
    public String describe(int index) {
        return describer.apply(index);
    }
}
