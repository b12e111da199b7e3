package dev.acomp.qpl.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The native addresses of one unit of a request. A direct buffer is used in place, its address cached
 * while the caller keeps passing the same buffer; a heap buffer, or a destination smaller than QPL needs,
 * goes through a direct staging buffer owned here, grown on demand and then reused.
 */
final class UnitSlot {
    private static final int MIN_STAGING = 4096;

    private ByteBuffer source;
    private long sourceBase;
    private ByteBuffer destination;
    private long destinationBase;
    private ByteBuffer sourceStaging;
    private long sourceStagingBase;
    private ByteBuffer destinationStaging;
    private long destinationStagingBase;
    private boolean destinationStaged;
    private int destinationCapacity;

    /** The address of {@code src}'s bytes from position to limit, copying a heap buffer to staging. */
    long source(ByteBuffer src) {
        if (src.isDirect()) {
            if (src != source) {
                source = src;
                sourceBase = address(src);
            }
            return sourceBase + src.position();
        }
        int length = src.remaining();
        if (sourceStaging == null || sourceStaging.capacity() < length) {
            sourceStaging = ByteBuffer.allocateDirect(stagingSize(length));
            sourceStagingBase = address(sourceStaging);
        }
        sourceStaging.put(0, src, src.position(), length);
        return sourceStagingBase;
    }

    /**
     * Where to write {@code dst}'s output, with room for at least {@code needed} bytes: in place for a
     * direct buffer that large, else staging of {@link #destinationCapacity()} bytes.
     */
    long destination(ByteBuffer dst, int needed) {
        int room = dst.remaining();
        if (dst.isDirect() && room >= needed) {
            destinationStaged = false;
            destinationCapacity = room;
            if (dst != destination) {
                destination = dst;
                destinationBase = address(dst);
            }
            return destinationBase + dst.position();
        }
        destinationStaged = true;
        destinationCapacity = Math.max(room, needed);
        if (destinationStaging == null || destinationStaging.capacity() < destinationCapacity) {
            destinationStaging = ByteBuffer.allocateDirect(stagingSize(destinationCapacity));
            destinationStagingBase = address(destinationStaging);
        }
        return destinationStagingBase;
    }

    /** The room QPL has at the address {@link #destination} returned. */
    int destinationCapacity() {
        return destinationCapacity;
    }

    /**
     * Hands {@code produced} bytes of output to {@code dst}, copying from staging where it was used;
     * false, with {@code dst} untouched, when they do not fit in it.
     */
    boolean deliver(ByteBuffer dst, int produced) {
        if (!destinationStaged) {
            return true;
        }
        if (produced > dst.remaining()) {
            return false;
        }
        dst.put(dst.position(), destinationStaging, 0, produced);
        return true;
    }

    /** Drops the references to the caller's buffers. */
    void clear() {
        source = null;
        destination = null;
    }

    private static int stagingSize(int length) {
        return length <= MIN_STAGING ? MIN_STAGING : Integer.highestOneBit(length - 1) << 1;
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
