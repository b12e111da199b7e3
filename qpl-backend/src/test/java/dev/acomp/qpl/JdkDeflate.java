package dev.acomp.qpl;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The JDK's raw DEFLATE, the independent reference the drivers' output is checked against. */
final class JdkDeflate {
    private JdkDeflate() {
    }

    /** Inflates the raw DEFLATE stream in {@code stream} (position to limit), which must hold exactly {@code expected} bytes. */
    static byte[] inflate(ByteBuffer stream, int expected) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stream.duplicate());
            byte[] out = new byte[expected + 1];
            int n = inflater.inflate(out);
            if (!inflater.finished()) {
                throw new AssertionError("stream did not end after " + n + " bytes (expected " + expected + ")");
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new AssertionError("not a raw DEFLATE stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Raw DEFLATE of {@code data} by the JDK (32 KiB window, default level). */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length + data.length / 8 + 64];
            int n = deflater.deflate(out);
            if (!deflater.finished()) {
                throw new AssertionError("deflater did not finish");
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }
}
