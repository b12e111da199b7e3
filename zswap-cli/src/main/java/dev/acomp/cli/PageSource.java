package dev.acomp.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pages of a FILE, or of every regular file under a DIR (sorted by path), read into one direct
 * buffer of {@link #PAGE_SIZE}-byte pages. Each file starts on a page; its last partial page is
 * zero-padded. A FILE that is a pipe or a device (e.g. {@code <(zcat heap.img.gz)}) is read to its end.
 */
public final class PageSource {
    public static final int PAGE_SIZE = 4096;
    /** The most pages one source holds: they fill one direct buffer. */
    public static final int MAX_PAGES = Integer.MAX_VALUE / PAGE_SIZE - 1;
    /** A stream's buffer starts at 1 MiB and doubles as it fills. */
    private static final int FIRST_STREAM_PAGES = 256;

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
        if (!Files.isDirectory(fileOrDir) && !Files.isRegularFile(fileOrDir)) {
            return stream(fileOrDir);
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
        if (pageCount > MAX_PAGES) {
            throw tooLarge(fileOrDir, String.valueOf(pageCount));
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

    /** A pipe or a device, read to its end into a buffer that doubles as it fills. */
    private static PageSource stream(Path file) throws IOException {
        ByteBuffer pages = allocatePages(FIRST_STREAM_PAGES);
        try (ReadableByteChannel ch = Files.newByteChannel(file)) {
            while (true) {
                if (!pages.hasRemaining()) {
                    int count = pages.capacity() / PAGE_SIZE;
                    if (count == MAX_PAGES) {
                        if (ch.read(ByteBuffer.allocate(1)) > 0) {
                            throw tooLarge(file, "more than " + MAX_PAGES);
                        }
                        break;
                    }
                    pages = grow(file, pages, (int) Math.min(MAX_PAGES, 2L * count));
                }
                if (ch.read(pages) < 0) {
                    break;
                }
            }
        }
        int bytes = pages.position();
        int count = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
        return new PageSource(file, List.of(file), new int[] {0}, pages.slice(0, count * PAGE_SIZE), bytes);
    }

    private static ByteBuffer grow(Path file, ByteBuffer full, int count) {
        ByteBuffer bigger;
        try {
            bigger = allocatePages(count);
        } catch (OutOfMemoryError e) {
            // Direct memory (-XX:MaxDirectMemorySize) ran out: nothing else was left half-made.
            throw new IllegalArgumentException(file + " holds more than " + full.capacity() / PAGE_SIZE
                    + " pages, and this JVM's direct memory cannot hold " + count, e);
        }
        return bigger.put(full.flip());
    }

    private static IllegalArgumentException tooLarge(Path source, String pages) {
        return new IllegalArgumentException(source + " holds " + pages + " pages; at most " + MAX_PAGES
                + " fit in one run");
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
