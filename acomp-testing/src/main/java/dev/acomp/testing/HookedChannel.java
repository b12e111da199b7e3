package dev.acomp.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel whose positional reads and writes pass through hooks first (and reads through one after
 * their IO): a hook that throws injects an IO error at that offset, one that blocks holds the IO in flight.
 * The other operations go straight to the wrapped channel. Install {@link Hooks#wrap} as the backing file's
 * channel decorator; the hooks can be changed while the channel is in use.
 */
public final class HookedChannel extends FileChannel {
    /** Runs with the file offset of one positional read or write; throws to fail it. */
    @FunctionalInterface
    public interface Hook {
        void at(long offset) throws IOException;
    }

    /**
     * Sees the offset and bytes (position to limit, to be left as they are) of one positional write, after
     * {@link Hooks#beforeWrite}; returns how many of them to write: fewer is a short write.
     */
    @FunctionalInterface
    public interface WriteFilter {
        int allow(long offset, ByteBuffer src) throws IOException;
    }

    /** The hooks, one set per decorator; each may be replaced at any time. */
    public static final class Hooks {
        public volatile Hook beforeWrite = offset -> { };
        public volatile WriteFilter writeFilter = (offset, src) -> src.remaining();
        public volatile Hook beforeRead = offset -> { };
        public volatile Hook afterRead = offset -> { };

        public FileChannel wrap(FileChannel inner) {
            return new HookedChannel(inner, this);
        }
    }

    private final FileChannel inner;
    private final Hooks hooks;

    private HookedChannel(FileChannel inner, Hooks hooks) {
        this.inner = inner;
        this.hooks = hooks;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        hooks.beforeWrite.at(position);
        int allowed = hooks.writeFilter.allow(position, src);
        if (allowed >= src.remaining()) {
            return inner.write(src, position);
        }
        int limit = src.limit();
        src.limit(src.position() + Math.max(0, allowed));
        try {
            return inner.write(src, position);
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        hooks.beforeRead.at(position);
        int n = inner.read(dst, position);
        hooks.afterRead.at(position);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return inner.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return inner.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return inner.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return inner.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        inner.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        inner.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        inner.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return inner.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return inner.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return inner.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return inner.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return inner.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        inner.close();
    }
}
