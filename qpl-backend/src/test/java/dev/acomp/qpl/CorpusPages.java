package dev.acomp.qpl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus cut into 4 KiB pages. hw-tests' SharedData cannot be used here: hw-tests depends on
 * this module for its conformance runs, and the reverse dependency would be a reactor cycle.
 */
final class CorpusPages {
    static final int PAGE_SIZE = 4096;

    private CorpusPages() {
    }

    /** Every page of every Calgary and Canterbury file, the last page of a file shorter. */
    static List<byte[]> all() {
        String shared = System.getProperty("acomp.shared.dir", "../../shared");
        List<byte[]> pages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(shared, "data", "corpus"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] all = Files.readAllBytes(f);
                for (int off = 0; off < all.length; off += PAGE_SIZE) {
                    pages.add(Arrays.copyOfRange(all, off, Math.min(all.length, off + PAGE_SIZE)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corpus under " + shared, e);
        }
        if (pages.isEmpty()) {
            throw new IllegalStateException("no corpus pages under " + shared);
        }
        return pages;
    }
}
