package dev.acomp.testing;

import dev.acomp.api.RequestFailedException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** {@link FakeDriver}'s DEFLATE codec: the JDK's raw DEFLATE, one stream per unit. */
final class Deflate {
    private Deflate() {
    }

    /** Deflates src into dst, advancing both; false when the stream does not fit. */
    static boolean compress(ByteBuffer src, ByteBuffer dst) {
        Deflater d = new Deflater(1, true);
        try {
            d.setInput(src);
            d.finish();
            d.deflate(dst);
            return d.finished();
        } finally {
            d.end();
        }
    }

    static void decompress(String driver, int unit, ByteBuffer src, ByteBuffer dst) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(src);
            inf.inflate(dst);
        } catch (DataFormatException e) {
            throw new RequestFailedException.CorruptInputException(driver, unit, -1, e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
