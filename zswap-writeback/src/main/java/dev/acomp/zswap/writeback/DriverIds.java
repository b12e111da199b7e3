package dev.acomp.zswap.writeback;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table from driver names ({@code "lz4-generic"}, {@code "deflate-iaa"}) to the short ids records
 * carry, kept by the engine that writes the records. Ids are given from 1 in order of first use; 0 is
 * never given, so a zeroed header names no driver. Thread-safe; look-ups take no lock.
 */
public final class DriverIds {
    private final Map<String, Short> ids = new ConcurrentHashMap<>();
    private volatile String[] names = new String[1];

    /** The driver's id, given now if it has none. */
    public short idOf(String driver) {
        Short id = ids.get(driver);
        return id != null ? id : assign(driver);
    }

    private synchronized short assign(String driver) {
        Short id = ids.get(driver);
        if (id != null) {
            return id;
        }
        String[] current = names;
        if (current.length > Short.MAX_VALUE) {
            throw new IllegalStateException("more than " + Short.MAX_VALUE + " drivers");
        }
        String[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = driver;
        short given = (short) current.length;
        names = grown;
        ids.put(driver, given);
        return given;
    }

    /** The driver with this id; throws {@link IllegalArgumentException} for an id never given. */
    public String driver(short id) {
        String[] current = names;
        if (id < 1 || id >= current.length) {
            throw new IllegalArgumentException("unknown driver id " + id + " (known: 1.." + (current.length - 1) + ")");
        }
        return current[id];
    }

    /** How many drivers have ids. */
    public int size() {
        return names.length - 1;
    }
}
