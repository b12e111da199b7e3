package dev.acomp.software.deflate;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.Status;
import dev.acomp.api.spi.SequentialAcomp;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A {@code deflate-generic} transform: each unit is one complete raw DEFLATE stream, made in a single
 * {@code deflate(Z_FINISH)} pass on the request's reset {@link DeflateContext}. Buffers go to zlib as they
 * are (direct by address, heap by array); positions are restored afterwards.
 */
final class DeflateGenericAcomp extends SequentialAcomp<DeflateContext> {
    /** Set as input after each unit, so that zlib's Java side does not keep the caller's buffer reachable. */
    private static final byte[] NO_INPUT = new byte[0];

    private final int level;

    DeflateGenericAcomp(AcompOptions options) {
        super(DeflateGenericDriver.NAME, options);
        this.level = options.level().orElse(DeflateGenericDriver.DEFAULT_LEVEL);
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException(driver() + ": level " + level + " outside 0..9");
        }
    }

    /**
     * zlib's {@code deflateBound()} for a raw stream with the window and memory level java.util.zip uses
     * (15 and 8): a single {@code Z_FINISH} pass into this many bytes always completes.
     */
    @Override
    public int maxCompressedLength(int sourceLength) {
        long n = sourceLength;
        return Math.toIntExact(n + (n >> 12) + (n >> 14) + (n >> 25) + 7);
    }

    @Override
    protected DeflateContext newContext() {
        return new DeflateContext(level);
    }

    @Override
    protected int compress(DeflateContext context, ByteBuffer src, ByteBuffer dst) {
        Deflater deflater = context.deflater;
        int srcPos = src.position();
        int dstPos = dst.position();
        deflater.reset();
        deflater.setInput(src);
        deflater.finish();
        try {
            int n;
            do {
                n = deflater.deflate(dst);
            } while (!deflater.finished() && n > 0 && dst.hasRemaining());
            if (!deflater.finished() && !endsWithinDestination(context)) {
                throw failure(Status.DESTINATION_TOO_SMALL, (dst.limit() - dstPos)
                        + " bytes cannot hold the DEFLATE stream of " + (src.limit() - srcPos) + " bytes", null);
            }
            return dst.position() - dstPos;
        } finally {
            deflater.setInput(NO_INPUT);
            src.position(srcPos);
            dst.position(dstPos);
        }
    }

    /**
     * zlib reports the end of a stream only while it has output room left, so a stream that fills the
     * destination exactly looks unfinished. One more call into a spare byte tells: it ends writing nothing,
     * or the destination really was too small.
     */
    private static boolean endsWithinDestination(DeflateContext context) {
        return context.deflater.deflate(context.spare) == 0 && context.deflater.finished();
    }

    @Override
    protected int decompress(DeflateContext context, ByteBuffer src, ByteBuffer dst) {
        Inflater inflater = context.inflater;
        int srcPos = src.position();
        int dstPos = dst.position();
        inflater.reset();
        inflater.setInput(src);
        try {
            while (!inflater.finished()) {
                if (!dst.hasRemaining()) {
                    // zlib sees the end of a stream that fills the destination exactly only with room to
                    // spare: one byte of output past the limit means the stream does not fit.
                    if (inflater.inflate(context.spare) > 0) {
                        throw failure(Status.DESTINATION_TOO_SMALL,
                                "the DEFLATE stream inflates to more than " + (dst.limit() - dstPos) + " bytes", null);
                    }
                    if (!inflater.finished()) {
                        throw inputEnded(inflater);
                    }
                } else if (inflater.inflate(dst) == 0 && !inflater.finished()) {
                    throw inputEnded(inflater);
                }
            }
            if (inflater.getRemaining() > 0) {
                throw failure(Status.CORRUPT_INPUT,
                        inflater.getRemaining() + " bytes follow the end of the DEFLATE stream", null);
            }
            return dst.position() - dstPos;
        } catch (DataFormatException e) {
            throw failure(Status.CORRUPT_INPUT, "invalid DEFLATE stream: " + e.getMessage(), e);
        } finally {
            inflater.setInput(NO_INPUT);
            src.position(srcPos);
            dst.position(dstPos);
        }
    }

    /** Inflate needs more input before the end of the stream. */
    private RuntimeException inputEnded(Inflater inflater) {
        if (inflater.needsDictionary()) {
            return failure(Status.CORRUPT_INPUT, "the DEFLATE stream asks for a preset dictionary", null);
        }
        return failure(Status.CORRUPT_INPUT, "truncated DEFLATE stream: input ended before its last block", null);
    }
}
