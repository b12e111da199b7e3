package dev.acomp.zswap.alloc;

/**
 * An object's address as one {@code long}, as zsmalloc's handle: size class, chunk and slot, so that a
 * stored payload needs no Java object. Never 0, so 0 can mean "no object".
 */
public final class Handle {
    private static final long MARK = 1L << 62;
    private static final int SLOT_BITS = 16;
    private static final int CHUNK_BITS = 36;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;

    private Handle() {
    }

    static long encode(int sizeClass, int chunk, int slot) {
        return MARK | ((long) sizeClass << (CHUNK_BITS + SLOT_BITS)) | ((long) chunk << SLOT_BITS) | slot;
    }

    public static int sizeClass(long handle) {
        return (int) ((handle & ~MARK) >>> (CHUNK_BITS + SLOT_BITS));
    }

    public static int chunk(long handle) {
        return (int) ((handle >>> SLOT_BITS) & CHUNK_MASK);
    }

    public static int slot(long handle) {
        return (int) (handle & SLOT_MASK);
    }

    public static boolean isValid(long handle) {
        return (handle & MARK) != 0;
    }

    public static String toString(long handle) {
        return "handle[class " + sizeClass(handle) + ", chunk " + chunk(handle) + ", slot " + slot(handle) + "]";
    }
}
