package dev.acomp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's shared test data ({@code shared/data} beside the checkout): the Calgary and Canterbury
 * corpora and a memory image. Found through the system property {@code acomp.shared.dir}, then the
 * environment variable {@code ACOMP_SHARED_DIR}, then by looking for {@code shared/data} above the
 * working directory.
 */
public final class SharedData {
    public static final int PAGE_SIZE = 4096;

    private SharedData() {
    }

    /** The {@code shared} directory; throws with the places looked at when it is missing. */
    public static Path root() {
        List<Path> tried = new ArrayList<>();
        for (String s : new String[] {System.getProperty("acomp.shared.dir"), System.getenv("ACOMP_SHARED_DIR")}) {
            if (s != null && !s.isEmpty()) {
                Path p = Paths.get(s).toAbsolutePath().normalize();
                if (Files.isDirectory(p.resolve("data"))) {
                    return p;
                }
                tried.add(p);
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared");
            if (Files.isDirectory(p.resolve("data"))) {
                return p;
            }
            tried.add(p);
        }
        throw new IllegalStateException("shared test data not found; looked in " + tried);
    }

    /** Every file of the Calgary and Canterbury corpora, sorted by path. */
    public static List<Path> corpusFiles() {
        try (Stream<Path> s = Files.walk(root().resolve("data/corpus"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 16 MiB image of a Python process's heap: real anonymous memory, zero pages included. */
    public static Path memoryImage() {
        return root().resolve("data/memory/python-heap-16m.img");
    }

    /** The whole content of a data file. */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file cut into pages of {@code pageSize} bytes. The last page is shorter when the file does not
     * end on a page boundary, unless {@code padLastPage}, which fills it up with zeros.
     */
    public static List<byte[]> pages(Path file, int pageSize, boolean padLastPage) {
        byte[] all = read(file);
        List<byte[]> pages = new ArrayList<>(all.length / pageSize + 1);
        for (int off = 0; off < all.length; off += pageSize) {
            int len = Math.min(pageSize, all.length - off);
            pages.add(Arrays.copyOfRange(all, off, off + (padLastPage ? pageSize : len)));
        }
        return pages;
    }

    /** Every page of every corpus file, file after file. */
    public static List<byte[]> corpusPages(int pageSize, boolean padLastPage) {
        List<byte[]> pages = new ArrayList<>();
        for (Path f : corpusFiles()) {
            pages.addAll(pages(f, pageSize, padLastPage));
        }
        return pages;
    }

    /** Every page of every corpus file and of the memory image: the standard round-trip set. */
    public static List<byte[]> allPages(int pageSize, boolean padLastPage) {
        List<byte[]> pages = corpusPages(pageSize, padLastPage);
        pages.addAll(pages(memoryImage(), pageSize, padLastPage));
        return pages;
    }
}
