package dev.acomp.software.zstd;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * A request's zstd state: one compression and one decompression context (native memory, freed by
 * {@link #close()}), and heap staging arrays for the rare unit that mixes a heap and a direct buffer where
 * zstd-jni has no mixed call. The arrays grow to the largest such unit and are then reused.
 */
final class ZstdContext implements AutoCloseable {
    private static final byte[] NONE = new byte[0];

    final ZstdCompressCtx compressor;
    final ZstdDecompressCtx decompressor;
    private byte[] sourceStaging = NONE;
    private byte[] destinationStaging = NONE;

    ZstdContext(int level) {
        ZstdCompressCtx c = new ZstdCompressCtx();
        try {
            c.setLevel(level);
            this.decompressor = new ZstdDecompressCtx();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        this.compressor = c;
    }

    byte[] sourceStaging(int length) {
        if (sourceStaging.length < length) {
            sourceStaging = new byte[length];
        }
        return sourceStaging;
    }

    byte[] destinationStaging(int length) {
        if (destinationStaging.length < length) {
            destinationStaging = new byte[length];
        }
        return destinationStaging;
    }

    @Override
    public void close() {
        compressor.close();
        decompressor.close();
    }
}
