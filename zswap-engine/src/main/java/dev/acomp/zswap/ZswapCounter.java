package dev.acomp.zswap;

import java.util.Locale;

/**
 * The engine's counters, each declared once here: {@link ZswapStats} holds one value per constant, the
 * MXBean ({@link ZswapEngine#registerMBean}) has one attribute per constant and the CLI's reports one
 * entry per constant, all named from it: zswap's debugfs names (zram's for the backing device) in text
 * and JSON, their CamelCase as JMX attributes. A new counter is one line here (and its source in the
 * engine, which the compiler asks for).
 */
public enum ZswapCounter {
    STORED_PAGES("pages stored, in memory or written back"),
    POOL_TOTAL_SIZE("bytes of the allocator blocks chunks hold (zsmalloc's pages in use)"),
    POOL_RESERVED_BYTES("bytes of the allocator's arenas, free blocks included: the memory it takes (its cap applies)"),
    SAME_FILLED_PAGES("pages held as a fill value only"),
    STORED_INCOMPRESSIBLE_PAGES("pages stored as is"),
    REJECT_COMPRESS_FAIL("stores rejected because the compressor failed"),
    REJECT_COMPRESS_POOR("always 0: a page that compresses poorly is stored as is instead"),
    REJECT_ALLOC_FAIL("stores rejected because the allocator hit its hard cap"),
    POOL_LIMIT_HIT("stores that found the pool over its limit"),
    DECOMPRESS_FAIL("loads whose decompression failed"),
    COMPRESSED_BYTES("bytes of the objects in the allocator (payload)"),
    METADATA_BYTES("heap bytes of descriptors and allocator bookkeeping"),
    DIRECT_BYTES("direct (native) bytes held: allocator arenas and context buffers"),
    WRITTEN_BACK_PAGES("pages written back to the backing file, in all"),
    BD_COUNT("pages in the backing file now (zram)"),
    BD_READS("pages read back from the backing file (zram)"),
    BD_WRITES("pages written to the backing file (zram)"),
    BACKING_FILE_BYTES_WRITTEN("record bytes written to the backing file"),
    WRITTEN_BACK_RAW_BYTES("page bytes the written-back records stand for"),
    WB_READ_STALE("asynchronous reads that found their entry changed and returned nothing"),
    REJECT_RECLAIM_FAIL("writebacks that failed: file full or write error"),
    WB_READ_CORRUPT("loads of written-back pages whose record failed its check on the file, or was not the"
            + " entry's: CorruptRecordException, page zeroed"),
    RECOMPRESSED_PAGES("entries the secondary compressor made smaller, in all (zram)"),
    RECOMPRESSED_BYTES_SAVED("compressed bytes recompression saved, in all");

    private final String description;

    ZswapCounter(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** zswap's name, as its debugfs file: {@code stored_pages}. */
    public String zswapName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JMX attribute name: {@code StoredPages}. */
    public String attributeName() {
        StringBuilder sb = new StringBuilder();
        for (String word : name().split("_")) {
            sb.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
