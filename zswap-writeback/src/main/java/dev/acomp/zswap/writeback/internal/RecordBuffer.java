package dev.acomp.zswap.writeback.internal;

import dev.acomp.zswap.writeback.WrittenBackRecord;
import java.nio.ByteBuffer;

/**
 * A read's scratch space, reused from read to read: direct buffers for the sealed record as read and its
 * plain form, and its decoded header.
 */
public final class RecordBuffer {
    public final ByteBuffer bytes;
    public final ByteBuffer plain;
    public final WrittenBackRecord header = new WrittenBackRecord();

    public RecordBuffer(int capacity) {
        this.bytes = ByteBuffer.allocateDirect(capacity);
        this.plain = ByteBuffer.allocateDirect(capacity);
    }
}
