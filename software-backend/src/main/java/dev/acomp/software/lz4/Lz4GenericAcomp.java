package dev.acomp.software.lz4;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.Status;
import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * An {@code lz4-generic} transform. lz4-java's codecs are stateless and thread-safe, so requests carry
 * no context. Decompression uses only the safe decompressor, which bounds every read and write by the
 * given lengths: a corrupt block fails, it never reads or writes out of bounds.
 */
final class Lz4GenericAcomp extends SequentialAcomp<AutoCloseable> {
    private static final AutoCloseable NO_CONTEXT = () -> { };

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4GenericAcomp(AcompOptions options) {
        super(Lz4GenericDriver.NAME, options);
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        return compressor.maxCompressedLength(sourceLength);
    }

    @Override
    protected AutoCloseable newContext() {
        return NO_CONTEXT;
    }

    @Override
    protected int compress(AutoCloseable context, ByteBuffer src, ByteBuffer dst) {
        try {
            return compressor.compress(src, src.position(), src.remaining(), dst, dst.position(), dst.remaining());
        } catch (LZ4Exception e) {
            // The only way the compressor fails: the output does not fit.
            throw failure(Status.DESTINATION_TOO_SMALL,
                    dst.remaining() + " bytes cannot hold the LZ4 block of " + src.remaining() + " bytes", e);
        }
    }

    @Override
    protected int decompress(AutoCloseable context, ByteBuffer src, ByteBuffer dst) {
        try {
            return decompressor.decompress(src, src.position(), src.remaining(), dst, dst.position(),
                    dst.remaining());
        } catch (LZ4Exception e) {
            // LZ4_decompress_safe reports a block that overruns the destination as malformed too.
            throw failure(Status.CORRUPT_INPUT, "malformed LZ4 block of " + src.remaining()
                    + " bytes, or one that does not fit in " + dst.remaining() + " bytes", e);
        }
    }
}
