package com.example.acomp.lzo;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.Status;
import dev.acomp.api.spi.SequentialAcomp;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import java.nio.ByteBuffer;

/**
 * An {@code lzo-aircompressor} transform. aircompressor's compressor keeps its hash table between calls
 * (the kit's eight threads caught a shared one), so each request has its own; it works on arrays and
 * insists on a destination of its full bound, so each request keeps scratch arrays (grown once, then
 * reused: no allocation per page) and the output is copied out only when it fits the caller's destination.
 */
final class LzoAcomp extends SequentialAcomp<LzoAcomp.Scratch> {
    /** For the bound only, which is a pure function of the length. */
    private final LzoCompressor bound = new LzoCompressor();

    LzoAcomp(AcompOptions options) {
        super(LzoDriver.NAME, options);
    }

    /** Per-request codecs and arrays: the unit's input, and the codec's output. */
    static final class Scratch implements AutoCloseable {
        private final LzoCompressor compressor = new LzoCompressor();
        private final LzoDecompressor decompressor = new LzoDecompressor();
        private byte[] in = new byte[0];
        private byte[] out = new byte[0];

        byte[] in(ByteBuffer src) {
            if (in.length < src.remaining()) {
                in = new byte[src.remaining()];
            }
            src.get(src.position(), in, 0, src.remaining());
            return in;
        }

        byte[] out(int length) {
            if (out.length < length) {
                out = new byte[length];
            }
            return out;
        }

        @Override
        public void close() {
            in = out = null;
        }
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        return bound.maxCompressedLength(sourceLength);
    }

    @Override
    protected Scratch newContext() {
        return new Scratch();
    }

    @Override
    protected int compress(Scratch s, ByteBuffer src, ByteBuffer dst) {
        int length = src.remaining();
        int max = bound.maxCompressedLength(length);
        byte[] out = s.out(max);
        int n = s.compressor.compress(s.in(src), 0, length, out, 0, max);
        if (n > dst.remaining()) {
            throw failure(Status.DESTINATION_TOO_SMALL, dst.remaining() + " bytes cannot hold the LZO block of "
                    + n + " bytes", null);
        }
        dst.put(dst.position(), out, 0, n);
        return n;
    }

    @Override
    protected int decompress(Scratch s, ByteBuffer src, ByteBuffer dst) {
        int room = dst.remaining();
        byte[] out = s.out(room);
        try {
            int n = s.decompressor.decompress(s.in(src), 0, src.remaining(), out, 0, room);
            dst.put(dst.position(), out, 0, n);
            return n;
        } catch (MalformedInputException e) {
            // aircompressor reports a block that overruns the destination as malformed too.
            throw failure(Status.CORRUPT_INPUT, "malformed LZO block at offset " + e.getOffset()
                    + ", or one that does not fit in " + room + " bytes", e);
        } catch (IndexOutOfBoundsException e) {
            throw failure(Status.CORRUPT_INPUT, "LZO block reaches outside its " + src.remaining() + " bytes", e);
        }
    }
}
