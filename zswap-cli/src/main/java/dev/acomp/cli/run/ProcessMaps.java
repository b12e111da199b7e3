package dev.acomp.cli.run;

import java.util.ArrayList;
import java.util.List;

/** Parses the text of {@code /proc/PID/maps} (proc(5)). */
public final class ProcessMaps {
    private ProcessMaps() {
    }

    /** Every region listed in {@code mapsText}; throws {@link IllegalArgumentException} naming a bad line. */
    public static List<MemoryRegion> parse(String mapsText) {
        List<MemoryRegion> regions = new ArrayList<>();
        int lineNumber = 0;
        for (String line : mapsText.split("\n")) {
            lineNumber++;
            if (!line.isBlank()) {
                regions.add(parseLine(line, lineNumber));
            }
        }
        return regions;
    }

    /** The private, writable anonymous regions of {@code mapsText}: the memory zswap would see. */
    public static List<MemoryRegion> anonymousReadWrite(String mapsText) {
        List<MemoryRegion> anonymous = new ArrayList<>();
        for (MemoryRegion r : parse(mapsText)) {
            if (r.isAnonymousReadWrite()) {
                anonymous.add(r);
            }
        }
        return anonymous;
    }

    // address perms offset dev inode [path]; the path may contain spaces.
    private static MemoryRegion parseLine(String line, int lineNumber) {
        String[] f = line.trim().split("\\s+", 6);
        int dash = f[0].indexOf('-');
        if (f.length < 5 || dash < 0 || f[1].length() != 4) {
            throw new IllegalArgumentException("maps line " + lineNumber + " is not 'start-end perms offset dev inode"
                    + " [path]': " + line);
        }
        try {
            long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
            long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
            long inode = Long.parseLong(f[4]);
            if (Long.compareUnsigned(end, start) < 0) {
                throw new IllegalArgumentException("maps line " + lineNumber + " ends before it starts: " + line);
            }
            return new MemoryRegion(start, end, f[1], inode, f.length == 6 ? f[5].trim() : "");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maps line " + lineNumber + " has a bad number: " + line, e);
        }
    }
}
