package dev.acomp.benchmarks;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** java.util.zip raw DEFLATE (nowrap) at level 6, one reset stream per page, beside {@code deflate-generic}. */
public class DeflateBenchmark extends CodecBenchmark {
    private static final int LEVEL = 6;

    private Deflater deflater;
    private Inflater inflater;

    @Override
    protected String driver() {
        return "deflate-generic";
    }

    @Override
    protected void openCodec() {
        deflater = new Deflater(LEVEL, true);
        inflater = new Inflater(true);
    }

    @Override
    protected void closeCodec() {
        deflater.end();
        inflater.end();
    }

    @Override
    protected int compressDirect(ByteBuffer src, ByteBuffer dst) {
        deflater.reset();
        deflater.setInput(src);
        deflater.finish();
        int n = deflater.deflate(dst);
        // deflate moves the buffers' positions; the next page reuses them from 0.
        src.position(0);
        dst.position(0);
        if (!deflater.finished()) {
            throw new IllegalStateException("DEFLATE output larger than " + dst.limit() + " bytes");
        }
        return n;
    }

    @Override
    protected int decompressDirect(ByteBuffer src, ByteBuffer dst) {
        inflater.reset();
        inflater.setInput(src);
        try {
            int n = inflater.inflate(dst);
            if (!inflater.finished()) {
                throw new IllegalStateException("DEFLATE stream did not end within " + dst.limit() + " bytes");
            }
            return n;
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt DEFLATE stream", e);
        } finally {
            src.position(0);
            dst.position(0);
        }
    }
}
