package dev.acomp.zswap.writeback;

/**
 * The slot changed while its read was in flight (the entry was invalidated, or its slot freed and reused):
 * the bytes read are not the entry's, so the destination page was zeroed instead.
 */
public final class StaleReadException extends WritebackException {
    private static final long serialVersionUID = 1L;

    private final long slot;

    public StaleReadException(long slot, int generation) {
        super("slot " + slot + " (generation " + generation + ") changed while its read was in flight", null);
        this.slot = slot;
    }

    public long slot() {
        return slot;
    }
}
