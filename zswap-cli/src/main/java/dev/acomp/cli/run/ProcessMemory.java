package dev.acomp.cli.run;

import dev.acomp.cli.OsErrors;
import dev.acomp.cli.PageSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;

/**
 * The resident anonymous memory of a live process: the regions of {@code /proc/PID/maps} that
 * {@link MemoryRegion#isAnonymousReadWrite()} accepts, the pages of them that {@code /proc/PID/pagemap}
 * says are present, read from {@code /proc/PID/mem} one run of pages at a time. Only processes of the
 * user this runs as are read, even by root: another user's memory (its keys, tokens, customer data) would
 * end up in a report, a page store and a backing file that user does not control.
 */
public final class ProcessMemory {
    private static final long PRESENT = 1L << 63;
    private static final int PAGEMAP_CHUNK = 4096;
    private static final int READ_RUN_PAGES = 256;
    private static final Path SELF = Path.of("/proc/self");

    private final Path procDir;
    private final String name;

    private ProcessMemory(Path procDir, String name) {
        this.procDir = procDir;
        this.name = name;
    }

    /** The process this code runs in. */
    public static ProcessMemory self() {
        return new ProcessMemory(SELF, "this process (pid " + ProcessHandle.current().pid() + ")");
    }

    public static ProcessMemory of(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        return at(Path.of("/proc", Long.toString(pid)), "pid " + pid);
    }

    /** The process whose proc directory is {@code procDir}: for tests. */
    static ProcessMemory at(Path procDir, String name) {
        return new ProcessMemory(procDir, name);
    }

    /** Refuses a process of another user: its proc directory belongs to the process's user. */
    private void checkSameUser() {
        UserPrincipal owner;
        UserPrincipal us;
        try {
            owner = Files.getOwner(procDir, LinkOption.NOFOLLOW_LINKS);
            us = Files.getOwner(SELF);
        } catch (NoSuchFileException e) {
            throw new SourceUnreadableException(name + ": no such process (" + procDir + " does not exist)", e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (!owner.equals(us)) {
            throw new SourceUnreadableException(name + ": belongs to user " + owner.getName() + ", not "
                    + us.getName() + "; only a process of the same user is read (run zswap as " + owner.getName()
                    + ")", null);
        }
    }

    /**
     * Copies the process's resident anonymous pages, at most {@code maxPages} of them, into a snapshot.
     * Throws {@link SourceUnreadableException} when there is no such process or its memory may not be read.
     */
    public PageSnapshot snapshot(int maxPages) {
        checkSameUser();
        List<MemoryRegion> regions;
        try {
            regions = ProcessMaps.anonymousReadWrite(Files.readString(procDir.resolve("maps")));
        } catch (NoSuchFileException e) {
            throw new SourceUnreadableException(name + ": no such process (" + procDir.resolve("maps")
                    + " does not exist)", e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        long[] addresses = residentPages(regions, maxPages);
        ByteBuffer pages = PageSource.allocatePages(addresses.length);
        int read;
        try (FileChannel mem = FileChannel.open(procDir.resolve("mem"), StandardOpenOption.READ)) {
            read = readPages(mem, addresses, pages);
        } catch (IOException e) {
            throw unreadable(e);
        }
        long[] kept = Arrays.copyOf(addresses, read);
        String origin = "resident anonymous memory of " + name + ": " + read + " pages in " + regions.size()
                + " regions" + (read < addresses.length ? " (" + (addresses.length - read) + " unreadable pages skipped)"
                : "");
        return new PageSnapshot(origin, pages.flip(), i -> name + " address 0x" + Long.toHexString(kept[i]));
    }

    private SourceUnreadableException unreadable(IOException e) {
        String why = e instanceof AccessDeniedException
                ? "not permitted to read its memory (needs ptrace access: the same user and a permissive"
                        + " kernel.yama.ptrace_scope, or root)"
                : "cannot read its memory: " + OsErrors.reason(e);
        return new SourceUnreadableException(name + ": " + why, e);
    }

    /**
     * The addresses of the present pages of {@code regions}. Where pagemap cannot be read (some
     * containers hide it), every page of the regions counts as present.
     */
    private long[] residentPages(List<MemoryRegion> regions, int maxPages) {
        long[] addresses = new long[1024];
        int count = 0;
        ByteBuffer entries = ByteBuffer.allocateDirect(PAGEMAP_CHUNK * 8).order(ByteOrder.nativeOrder());
        FileChannel pagemap = openPagemap();
        try {
            for (MemoryRegion r : regions) {
                for (long page = r.start(); page < r.end() && count < maxPages; ) {
                    int n = (int) Math.min(PAGEMAP_CHUNK, (r.end() - page) / PageSnapshot.PAGE_SIZE);
                    boolean known = pagemap != null && readFully(pagemap, entries.clear().limit(n * 8),
                            page / PageSnapshot.PAGE_SIZE * 8);
                    for (int i = 0; i < n && count < maxPages; i++) {
                        if (!known || (entries.getLong(i * 8) & PRESENT) != 0) {
                            if (count == addresses.length) {
                                addresses = Arrays.copyOf(addresses, count * 2);
                            }
                            addresses[count++] = page + (long) i * PageSnapshot.PAGE_SIZE;
                        }
                    }
                    page += (long) n * PageSnapshot.PAGE_SIZE;
                }
            }
        } finally {
            close(pagemap);
        }
        return Arrays.copyOf(addresses, count);
    }

    private FileChannel openPagemap() {
        try {
            return FileChannel.open(procDir.resolve("pagemap"), StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Read-only: nothing was lost.
            }
        }
    }

    /**
     * Reads the pages at {@code addresses} into {@code into}, a run of adjacent pages at a time; pages that
     * cannot be read (unmapped since maps was read) are left out. Returns how many were read.
     */
    private static int readPages(FileChannel mem, long[] addresses, ByteBuffer into) {
        int read = 0;
        int i = 0;
        while (i < addresses.length) {
            int run = 1;
            while (i + run < addresses.length && run < READ_RUN_PAGES
                    && addresses[i + run] == addresses[i] + (long) run * PageSnapshot.PAGE_SIZE) {
                run++;
            }
            int at = read * PageSnapshot.PAGE_SIZE;
            if (readFully(mem, into.limit(at + run * PageSnapshot.PAGE_SIZE).position(at), addresses[i])) {
                System.arraycopy(addresses, i, addresses, read, run);
                read += run;
            } else {
                for (int p = 0; p < run; p++) {
                    at = read * PageSnapshot.PAGE_SIZE;
                    if (readFully(mem, into.limit(at + PageSnapshot.PAGE_SIZE).position(at),
                            addresses[i + p])) {
                        addresses[read++] = addresses[i + p];
                    }
                }
            }
            i += run;
        }
        into.limit(read * PageSnapshot.PAGE_SIZE).position(read * PageSnapshot.PAGE_SIZE);
        return read;
    }

    /** Reads {@code into}'s remaining bytes from {@code position}; false on an I/O error or a short read. */
    private static boolean readFully(FileChannel channel, ByteBuffer into, long position) {
        try {
            long at = position;
            while (into.hasRemaining()) {
                int n = channel.read(into, at);
                if (n <= 0) {
                    return false;
                }
                at += n;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
