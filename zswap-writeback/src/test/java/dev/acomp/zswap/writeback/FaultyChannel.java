package dev.acomp.zswap.writeback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that fails positional reads or writes at chosen offsets, and lets a test hold a read
 * between its IO and its return. Installed through {@link BackingFileConfig.ChannelDecorator}.
 */
final class FaultyChannel extends FileChannel {
    /** Called with the file offset of each positional read or write; throws to fail it. */
    interface Hook {
        void at(long offset) throws IOException;
    }

    private final FileChannel inner;
    volatile Hook beforeWrite = offset -> { };
    volatile Hook beforeRead = offset -> { };
    volatile Hook afterRead = offset -> { };

    FaultyChannel(FileChannel inner) {
        this.inner = inner;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        beforeWrite.at(position);
        return inner.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        beforeRead.at(position);
        int n = inner.read(dst, position);
        afterRead.at(position);
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
