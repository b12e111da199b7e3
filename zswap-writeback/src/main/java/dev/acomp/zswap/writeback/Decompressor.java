package dev.acomp.zswap.writeback;

import java.nio.ByteBuffer;

/**
 * Turns a record's payload back into its page, with the caller's own acomp contexts. Called on the read
 * pool's decompression workers, several at once, or on the caller of a synchronous read.
 */
@FunctionalInterface
public interface Decompressor {
    /**
     * Decompresses {@code compressed} (position to limit) made by the driver {@code driverId} into
     * {@code page} (position to limit); records stored raw never come here. Positions and limits are left
     * as they were. Returns the bytes produced, which must fill the page; throws a typed exception on
     * failure.
     */
    int decompress(ByteBuffer compressed, short driverId, ByteBuffer page);
}
