package dev.acomp.software.deflate;

import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** A request's zlib streams, raw (nowrap); their native memory is freed by {@link #close()}. */
final class DeflateContext implements AutoCloseable {
    final Deflater deflater;
    final Inflater inflater;
    /** Room for one more byte of output, to see whether a stream that filled its destination has ended. */
    final byte[] spare = new byte[1];

    DeflateContext(int level) {
        this.deflater = new Deflater(level, true);
        this.inflater = new Inflater(true);
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
