package dev.acomp.benchmarks;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** lz4-java's fast compressor and safe decompressor (the fastest instance), beside {@code lz4-generic}. */
public class Lz4Benchmark extends CodecBenchmark {
    private LZ4Compressor compressor;
    private LZ4SafeDecompressor decompressor;

    @Override
    protected String driver() {
        return "lz4-generic";
    }

    @Override
    protected void openCodec() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        compressor = factory.fastCompressor();
        decompressor = factory.safeDecompressor();
    }

    @Override
    protected void closeCodec() {
        // stateless
    }

    @Override
    protected int compressDirect(ByteBuffer src, ByteBuffer dst) {
        return compressor.compress(src, 0, src.limit(), dst, 0, dst.limit());
    }

    @Override
    protected int decompressDirect(ByteBuffer src, ByteBuffer dst) {
        return decompressor.decompress(src, 0, src.limit(), dst, 0, dst.limit());
    }
}
