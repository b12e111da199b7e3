package dev.acomp.cli.run;

/**
 * One line of {@code /proc/PID/maps}: the address range {@code [start, end)}, its permissions
 * ({@code rw-p}), and the inode and path of what is mapped there (0 and "" for anonymous memory).
 */
public record MemoryRegion(long start, long end, String permissions, long inode, String path) {

    public long bytes() {
        return end - start;
    }

    /**
     * Whether this is private, writable anonymous memory: the heap, stacks and anonymous mappings, not
     * files, not shared memory, not the kernel's [vdso]/[vvar] pages.
     */
    public boolean isAnonymousReadWrite() {
        if (!permissions.startsWith("rw") || permissions.charAt(3) != 'p' || inode != 0) {
            return false;
        }
        return path.isEmpty() || path.equals("[heap]") || path.startsWith("[stack") || path.startsWith("[anon:");
    }
}
