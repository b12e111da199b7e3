package dev.acomp.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pages of a FILE, or of every regular file under a DIR (sorted by path), read into one direct
 * buffer of {@link #PAGE_SIZE}-byte pages. Each file starts on a page; its last partial page is
 * zero-padded.
 */
public final class PageSource {
    public static final int PAGE_SIZE = 4096;

    private final Path root;
    private final List<Path> files;
    private final int[] firstPages;
    private final ByteBuffer pages;
    private final long fileBytes;

    private PageSource(Path root, List<Path> files, int[] firstPages, ByteBuffer pages, long fileBytes) {
        this.root = root;
        this.files = files;
        this.firstPages = firstPages;
        this.pages = pages;
        this.fileBytes = fileBytes;
    }

    /**
     * Reads {@code fileOrDir}. Throws {@link NoSuchFileException} when it does not exist and
     * {@link IllegalArgumentException} when its pages would not fit in one buffer (2 GiB).
     */
    public static PageSource read(Path fileOrDir) throws IOException {
        if (!Files.exists(fileOrDir)) {
            throw new NoSuchFileException(fileOrDir.toString());
        }
        List<Path> files;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.walk(fileOrDir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(fileOrDir);
        }
        int[] firstPages = new int[files.size()];
        long[] sizes = new long[files.size()];
        long pageCount = 0;
        long fileBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = Files.size(files.get(i));
            firstPages[i] = (int) Math.min(Integer.MAX_VALUE, pageCount);
            pageCount += (sizes[i] + PAGE_SIZE - 1) / PAGE_SIZE;
            fileBytes += sizes[i];
        }
        if (pageCount * PAGE_SIZE > Integer.MAX_VALUE - PAGE_SIZE) {
            throw new IllegalArgumentException(fileOrDir + " holds " + pageCount + " pages; at most "
                    + (Integer.MAX_VALUE / PAGE_SIZE - 1) + " fit in one run");
        }
        // Direct buffers start zeroed, which pads every file's last page.
        ByteBuffer pages = allocatePages((int) pageCount);
        for (int i = 0; i < files.size(); i++) {
            int start = firstPages[i] * PAGE_SIZE;
            readFully(files.get(i), pages.limit(start + (int) sizes[i]).position(start));
        }
        pages.clear();
        return new PageSource(fileOrDir, files, firstPages, pages, fileBytes);
    }

    private static void readFully(Path file, ByteBuffer into) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (into.hasRemaining()) {
                if (ch.read(into) < 0) {
                    throw new IOException(file + " shrank while being read");
                }
            }
        }
    }

    /**
     * A zeroed direct buffer of {@code count} pages that starts on a page boundary, as real pages do: the
     * kernel can do direct I/O from and into it at any page (compare's zram side writes and reads pages in
     * place), and every page starts on a cache line, for the engine and the kernel alike.
     */
    public static ByteBuffer allocatePages(int count) {
        return ByteBuffer.allocateDirect((count + 1) * PAGE_SIZE).alignedSlice(PAGE_SIZE)
                .slice(0, count * PAGE_SIZE);
    }

    /** The FILE or DIR the pages were read from. */
    public Path root() {
        return root;
    }

    public List<Path> files() {
        return files;
    }

    public int pageCount() {
        return pages.capacity() / PAGE_SIZE;
    }

    /** Bytes of the files themselves, without padding. */
    public long fileBytes() {
        return fileBytes;
    }

    /** A read-only view of every page, one after another, position 0. */
    public ByteBuffer allPages() {
        return pages.asReadOnlyBuffer().clear();
    }

    /** A read-only view of page {@code index}, position 0, limit {@link #PAGE_SIZE}. */
    public ByteBuffer page(int index) {
        return pages.slice(index * PAGE_SIZE, PAGE_SIZE).asReadOnlyBuffer();
    }

    /** Where page {@code index} comes from, e.g. {@code "calgary/book1 page 3"}, for messages. */
    public String describe(int index) {
        int f = files.size() - 1;
        while (f > 0 && firstPages[f] > index) {
            f--;
        }
        Path file = files.get(f);
        String name = file.equals(root) ? file.toString() : root.relativize(file).toString();
        return name + " page " + (index - firstPages[f]);
    }
}
