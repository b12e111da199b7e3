package dev.acomp.zswap.alloc;

/**
 * An object's address as one {@code long}, as zsmalloc's handle: the object's length, size class, chunk
 * and slot, so that a stored payload needs no Java object and the allocator keeps no length per object.
 * Never 0, so 0 can mean "no object".
 */
public final class Handle {
    private static final long MARK = 1L << 63;
    static final int SLOT_BITS = 11;
    static final int CHUNK_BITS = 25;
    static final int CLASS_BITS = 11;
    private static final int LENGTH_SHIFT = SLOT_BITS + CHUNK_BITS + CLASS_BITS;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;
    private static final long CLASS_MASK = (1L << CLASS_BITS) - 1;
    /** Most slots per chunk, chunks per class and classes a handle can address. */
    static final int MAX_SLOTS = 1 << SLOT_BITS;
    static final int MAX_CHUNKS = 1 << CHUNK_BITS;
    static final int MAX_CLASSES = 1 << CLASS_BITS;

    private Handle() {
    }

    static long encode(int sizeClass, int chunk, int slot, int length) {
        return MARK | ((long) length << LENGTH_SHIFT) | ((long) sizeClass << (CHUNK_BITS + SLOT_BITS))
                | ((long) chunk << SLOT_BITS) | slot;
    }

    public static int sizeClass(long handle) {
        return (int) ((handle >>> (CHUNK_BITS + SLOT_BITS)) & CLASS_MASK);
    }

    public static int chunk(long handle) {
        return (int) ((handle >>> SLOT_BITS) & CHUNK_MASK);
    }

    public static int slot(long handle) {
        return (int) (handle & SLOT_MASK);
    }

    /** The object's length in bytes. */
    public static int length(long handle) {
        return (int) ((handle & ~MARK) >>> LENGTH_SHIFT);
    }

    /** Whether two handles address the same object (class, chunk and slot), whatever lengths they carry. */
    public static boolean sameObject(long a, long b) {
        return ((a ^ b) & ((1L << LENGTH_SHIFT) - 1)) == 0;
    }

    public static boolean isValid(long handle) {
        return (handle & MARK) != 0;
    }

    public static String toString(long handle) {
        return "handle[class " + sizeClass(handle) + ", chunk " + chunk(handle) + ", slot " + slot(handle)
                + ", " + length(handle) + " bytes]";
    }
}
