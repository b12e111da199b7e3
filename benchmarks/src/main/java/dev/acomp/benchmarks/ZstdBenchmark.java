package dev.acomp.benchmarks;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;

/** zstd-jni's reused contexts at level 3, direct buffer to direct buffer, beside {@code zstd-generic}. */
public class ZstdBenchmark extends CodecBenchmark {
    private static final int LEVEL = 3;

    private ZstdCompressCtx compressor;
    private ZstdDecompressCtx decompressor;

    @Override
    protected String driver() {
        return "zstd-generic";
    }

    @Override
    protected void openCodec() {
        compressor = new ZstdCompressCtx();
        compressor.setLevel(LEVEL);
        decompressor = new ZstdDecompressCtx();
    }

    @Override
    protected void closeCodec() {
        compressor.close();
        decompressor.close();
    }

    @Override
    protected int compressDirect(ByteBuffer src, ByteBuffer dst) {
        return compressor.compressDirectByteBuffer(dst, 0, dst.limit(), src, 0, src.limit());
    }

    @Override
    protected int decompressDirect(ByteBuffer src, ByteBuffer dst) {
        return decompressor.decompressDirectByteBuffer(dst, 0, dst.limit(), src, 0, src.limit());
    }
}
