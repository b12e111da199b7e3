package dev.acomp.zswap.writeback;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One read of a written-back page.
 *
 * @param slot the record's slot on the backing file
 * @param length the record's length on the file ({@link BackingFile#recordLength})
 * @param generation the entry's generation captured at submit; the record must carry the same
 * @param page where the page goes, position to limit; zeroed when the read fails
 * @param stalenessCheck whether the slot changed while the read was in flight
 */
public record ReadRequest(long slot, int length, int generation, ByteBuffer page, StalenessCheck stalenessCheck) {
    public ReadRequest {
        if (slot < 0) {
            throw new IllegalArgumentException("negative slot " + slot);
        }
        if (length <= WrittenBackRecord.HEADER_BYTES) {
            throw new IllegalArgumentException("record length " + length + " leaves no payload after the "
                    + WrittenBackRecord.HEADER_BYTES + "-byte header");
        }
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(stalenessCheck, "stalenessCheck");
        if (!page.hasRemaining()) {
            throw new IllegalArgumentException("page has no room");
        }
        if (page.isReadOnly()) {
            throw new IllegalArgumentException("page is read-only");
        }
    }
}
