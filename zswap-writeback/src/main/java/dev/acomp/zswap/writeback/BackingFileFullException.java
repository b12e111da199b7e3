package dev.acomp.zswap.writeback;

/** No run of free sectors is long enough for the record: the caller keeps the entry in memory. */
public final class BackingFileFullException extends WritebackException {
    private static final long serialVersionUID = 1L;

    private final int sectorsWanted;
    private final long sectorsFree;

    public BackingFileFullException(String file, int sectorsWanted, long sectorsFree, long capacitySectors) {
        super(file + ": no run of " + sectorsWanted + " free sectors (" + sectorsFree + " of " + capacitySectors
                + " free)", null);
        this.sectorsWanted = sectorsWanted;
        this.sectorsFree = sectorsFree;
    }

    public int sectorsWanted() {
        return sectorsWanted;
    }

    /** Free sectors at the time, possibly fragmented. */
    public long sectorsFree() {
        return sectorsFree;
    }
}
