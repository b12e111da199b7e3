package dev.acomp.benchmarks;

import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The 4 KiB pages of one data set, each a slice of one direct buffer (last pages of files zero-padded).
 * Public for the benchmarks in subpackages (zswap).
 */
public final class PageSet {
    /** The data sets a benchmark's {@code dataSet} parameter names. */
    public static final String CORPUS = "corpus";
    public static final String MEMORY = "memory";

    private PageSet() {
    }

    /** {@link #CORPUS}: every Calgary and Canterbury file; {@link #MEMORY}: the 16 MiB heap image. */
    public static ByteBuffer[] load(String dataSet) {
        List<byte[]> pages;
        if (CORPUS.equals(dataSet)) {
            pages = SharedData.corpusPages(SharedData.PAGE_SIZE, true);
        } else if (MEMORY.equals(dataSet)) {
            pages = SharedData.pages(SharedData.memoryImage(), SharedData.PAGE_SIZE, true);
        } else {
            throw new IllegalArgumentException("unknown data set '" + dataSet + "'; known: corpus, memory");
        }
        ByteBuffer area = ByteBuffer.allocateDirect(pages.size() * SharedData.PAGE_SIZE);
        ByteBuffer[] slices = new ByteBuffer[pages.size()];
        for (int i = 0; i < slices.length; i++) {
            area.put(i * SharedData.PAGE_SIZE, pages.get(i));
            slices[i] = area.slice(i * SharedData.PAGE_SIZE, SharedData.PAGE_SIZE);
        }
        return slices;
    }
}
