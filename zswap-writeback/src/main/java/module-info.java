/** Compressed writeback: the backing file, the on-file record, and reads that decompress on demand. */
module dev.acomp.zswap.writeback {
    exports dev.acomp.zswap.writeback;
}
