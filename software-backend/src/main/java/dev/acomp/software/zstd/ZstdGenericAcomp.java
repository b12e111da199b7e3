package dev.acomp.software.zstd;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.Status;
import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;

/**
 * A {@code zstd-generic} transform: one-shot {@code ZSTD_compress2} / {@code ZSTD_decompressDCtx} on the
 * request's {@link ZstdContext}. Direct-to-direct and heap-to-heap units go to zstd-jni without a copy.
 */
final class ZstdGenericAcomp extends SequentialAcomp<ZstdContext> {
    private final int level;

    ZstdGenericAcomp(AcompOptions options) {
        super(ZstdGenericDriver.NAME, options);
        this.level = options.level().orElse(ZstdGenericDriver.DEFAULT_LEVEL);
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException(driver() + ": level " + level + " outside "
                    + Zstd.minCompressionLevel() + ".." + Zstd.maxCompressionLevel());
        }
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        return Math.toIntExact(Zstd.compressBound(sourceLength));
    }

    @Override
    protected ZstdContext newContext() {
        return new ZstdContext(level);
    }

    @Override
    protected int compress(ZstdContext context, ByteBuffer src, ByteBuffer dst) {
        try {
            return compressUnit(context, src, dst);
        } catch (ZstdException e) {
            if (e.getErrorCode() == Zstd.errDstSizeTooSmall() && dst.remaining() < maxCompressedLength(src.remaining())) {
                return compressThroughStaging(context, src, dst);
            }
            throw failure(e, false);
        }
    }

    private int compressUnit(ZstdContext context, ByteBuffer src, ByteBuffer dst) {
        ZstdCompressCtx c = context.compressor;
        int srcPos = src.position();
        int srcLen = src.remaining();
        int dstPos = dst.position();
        int dstLen = dst.remaining();
        if (src.isDirect() && dst.isDirect()) {
            return c.compressDirectByteBuffer(dst, dstPos, dstLen, src, srcPos, srcLen);
        }
        byte[] in = sourceArray(context, src);
        int inOff = sourceOffset(src);
        if (dst.hasArray()) {
            return c.compressByteArray(dst.array(), dst.arrayOffset() + dstPos, dstLen, in, inOff, srcLen);
        }
        byte[] out = context.destinationStaging(dstLen);
        int n = c.compressByteArray(out, 0, dstLen, in, inOff, srcLen);
        dst.put(dstPos, out, 0, n);
        return n;
    }

    /**
     * zstd needs working room beyond the frame it writes, so a destination of exactly the frame's size
     * fails. Compressing into a full-bound staging array settles whether the frame fits.
     */
    private int compressThroughStaging(ZstdContext context, ByteBuffer src, ByteBuffer dst) {
        int srcLen = src.remaining();
        byte[] in = sourceArray(context, src);
        int inOff = sourceOffset(src);
        byte[] out = context.destinationStaging(maxCompressedLength(srcLen));
        int n;
        try {
            n = context.compressor.compressByteArray(out, 0, out.length, in, inOff, srcLen);
        } catch (ZstdException e) {
            throw failure(e, false);
        }
        if (n > dst.remaining()) {
            throw failure(Status.DESTINATION_TOO_SMALL, dst.remaining() + " bytes cannot hold the zstd frame of "
                    + n + " bytes", null);
        }
        dst.put(dst.position(), out, 0, n);
        return n;
    }

    /** The source's bytes in an array: its own when it has one, else copied to the staging array. */
    private static byte[] sourceArray(ZstdContext context, ByteBuffer src) {
        if (src.hasArray()) {
            return src.array();
        }
        byte[] in = context.sourceStaging(src.remaining());
        src.get(src.position(), in, 0, src.remaining());
        return in;
    }

    /** Where the source starts in {@link #sourceArray}'s array. */
    private static int sourceOffset(ByteBuffer src) {
        return src.hasArray() ? src.arrayOffset() + src.position() : 0;
    }

    @Override
    protected int decompress(ZstdContext context, ByteBuffer src, ByteBuffer dst) {
        ZstdDecompressCtx d = context.decompressor;
        int srcPos = src.position();
        int srcLen = src.remaining();
        int dstPos = dst.position();
        int dstLen = dst.remaining();
        try {
            // A writable heap buffer always has an array; a source may be a read-only heap buffer, staged.
            if (src.isDirect()) {
                return dst.isDirect()
                        ? d.decompressDirectByteBuffer(dst, dstPos, dstLen, src, srcPos, srcLen)
                        : d.decompressDirectByteBufferToByteArray(dst.array(), dst.arrayOffset() + dstPos, dstLen,
                                src, srcPos, srcLen);
            }
            byte[] in = sourceArray(context, src);
            int inOff = sourceOffset(src);
            return dst.isDirect()
                    ? d.decompressByteArrayToDirectByteBuffer(dst, dstPos, dstLen, in, inOff, srcLen)
                    : d.decompressByteArray(dst.array(), dst.arrayOffset() + dstPos, dstLen, in, inOff, srcLen);
        } catch (ZstdException e) {
            throw failure(e, true);
        }
    }

    /** Maps zstd's error code; on decompression every input error means the frame is corrupt. */
    private RequestFailedException failure(ZstdException e, boolean decompressing) {
        long code = e.getErrorCode();
        Status status;
        if (code == Zstd.errDstSizeTooSmall()) {
            status = Status.DESTINATION_TOO_SMALL;
        } else if (decompressing && code != Zstd.errMemoryAllocation()) {
            status = Status.CORRUPT_INPUT;
        } else {
            status = Status.BACKEND_FAILURE;
        }
        return failure(status, (int) code, "zstd: " + e.getMessage(), e);
    }
}
