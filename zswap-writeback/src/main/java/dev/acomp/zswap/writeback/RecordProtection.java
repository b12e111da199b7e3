package dev.acomp.zswap.writeback;

/**
 * How the backing file seals each record: any change to a header or payload byte, a record moved to
 * another slot, or a zeroed block fails the read with {@link CorruptRecordException}.
 */
public enum RecordProtection {
    /**
     * AES-256-GCM with a key made when the file is created and kept only in this process's heap: the
     * payload is encrypted, the header is associated data, the nonce is the slot and the record's write
     * counter (unique per write). 16 bytes of tag per record. The default.
     */
    AES_GCM(16),
    /** The payload in the clear, with a CRC32C over the slot, header and payload. 4 bytes per record. */
    CRC32C(4);

    private final int trailerBytes;

    RecordProtection(int trailerBytes) {
        this.trailerBytes = trailerBytes;
    }

    /** Bytes each record takes on the file beyond its plain form: the tag or checksum. */
    public int trailerBytes() {
        return trailerBytes;
    }
}
