package dev.acomp.zswap.writeback;

import dev.acomp.zswap.writeback.BackingFileIoException.Operation;
import dev.acomp.zswap.writeback.internal.SlotBitmap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The file written-back records live on (zram's backing device): variable-size records in whole
 * sectors, placed by a {@link SlotBitmap} and addressed by their first sector, the slot. Thread-safe:
 * the bitmap has its own lock and the IO, positional through one {@link FileChannel}, runs outside it.
 *
 * <p>The file is private to this process: created owner-only ({@code rw-------}), never through a
 * symbolic link, deleted on close by default, since its records mean nothing without the caller's slot
 * map. Every record is sealed ({@link BackingFileConfig#protection()}): encrypted and authenticated under
 * a key made at creation and kept only in memory by default, so the file is unreadable once this object
 * is gone, and a record changed on the file fails its read with {@link CorruptRecordException}.
 *
 * <p>An interrupt of a thread blocked in its IO closes the channel ({@link FileChannel} semantics), and
 * every later operation fails: do not interrupt threads that read or write it.
 */
public final class BackingFile implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final BackingFileConfig config;
    private final String name;
    private final FileChannel channel;
    private final SlotBitmap bitmap;
    private final RecordSeal seal;
    private final int sectorShift;
    private final AtomicLong records = new AtomicLong();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder readErrors = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BackingFile(BackingFileConfig config, FileChannel channel) {
        this.config = config;
        this.name = config.path().toString();
        this.channel = channel;
        this.bitmap = new SlotBitmap((int) (config.maxSize() / config.sectorSize()));
        this.sectorShift = Integer.numberOfTrailingZeros(config.sectorSize());
        this.seal = new RecordSeal(config.protection());
    }

    /**
     * Creates the file, or takes over an existing empty one of ours ({@link BackingFileConfig#reuseExisting()}
     * for a non-empty one), owner-only. Throws {@link BackingFileIoException} ({@link Operation#CREATE})
     * naming the reason otherwise.
     */
    public static BackingFile create(BackingFileConfig config) {
        Path path = config.path();
        FileChannel raw = null;
        boolean created = false;
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                raw = openExisting(config);
            } else {
                FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
                raw = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), ownerOnly);
                created = true;
            }
            if (config.sizing() == BackingFileConfig.Sizing.PRESIZED) {
                // One byte at the end sets the size; the file system keeps the rest as a hole.
                raw.write(ByteBuffer.allocate(1), config.maxSize() - 1);
            }
            FileChannel channel = config.channelDecorator() == null ? raw
                    : config.channelDecorator().decorate(raw);
            return new BackingFile(config, channel);
        } catch (IOException | UnsupportedOperationException e) {
            closeAfterFailure(raw, created ? path : null, e);
            throw new BackingFileIoException(path.toString(), Operation.CREATE, BackingFileIoException.NO_SLOT,
                    e.toString(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(raw, created ? path : null, e);
            throw e;
        }
    }

    /**
     * Opens an existing file of ours, never through a symbolic link (O_NOFOLLOW), and only if it is a
     * regular file with no other name (a hard link would keep its records readable elsewhere). The file
     * opened must be the one checked: one swapped in meanwhile is refused.
     */
    private static FileChannel openExisting(BackingFileConfig config) throws IOException {
        Path path = config.path();
        PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw fail(path, "is a symbolic link; a backing file is never opened through one");
        }
        if (!attrs.isRegularFile()) {
            throw fail(path, "exists and is not a regular file");
        }
        UserPrincipal us = path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!attrs.owner().equals(us)) {
            throw fail(path, "exists and belongs to " + attrs.owner().getName() + ", not " + us.getName());
        }
        Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links instanceof Integer n && n != 1) {
            throw fail(path, "has " + n + " hard links; a backing file must have no other name");
        }
        if (attrs.size() != 0 && !config.reuseExisting()) {
            throw fail(path, "exists with " + attrs.size() + " bytes; set reuseExisting to discard them");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            Object opened = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (attrs.fileKey() == null || !attrs.fileKey().equals(opened)) {
                throw fail(path, "was replaced while it was being opened");
            }
            Files.setPosixFilePermissions(path, OWNER_ONLY);
            channel.truncate(0);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static BackingFileIoException fail(Path path, String why) {
        return new BackingFileIoException(path.toString(), Operation.CREATE, BackingFileIoException.NO_SLOT, why, null);
    }

    private static void closeAfterFailure(FileChannel channel, Path createdFile, Exception failure) {
        try {
            if (channel != null) {
                channel.close();
            }
            if (createdFile != null) {
                Files.deleteIfExists(createdFile);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    public Path path() {
        return config.path();
    }

    public int sectorSize() {
        return config.sectorSize();
    }

    /** The most bytes of records the file holds. */
    public long capacity() {
        return config.maxSize();
    }

    public RecordProtection protection() {
        return seal.protection();
    }

    /** Bytes on the file of the sealed form of a plain record of {@code plainLength} bytes. */
    public int recordLength(int plainLength) {
        return seal.sealedLength(plainLength);
    }

    /** Sectors a record of {@code length} bytes takes. */
    public int sectorsFor(int length) {
        return (length + config.sectorSize() - 1) >>> sectorShift;
    }

    /**
     * Seals the plain record ({@link WrittenBackRecord}, position to limit; unchanged) and writes it to
     * newly allocated sectors; returns its slot. It takes {@link #recordLength} bytes there: read it back
     * with that length and {@link #unseal}. Throws {@link BackingFileFullException} when no run of free
     * sectors is long enough, {@link BackingFileIoException} when the write fails (the sectors are freed
     * again).
     */
    public long write(ByteBuffer record) {
        ensureOpen();
        int length = recordLength(record.remaining());
        if (record.remaining() <= WrittenBackRecord.HEADER_BYTES || length > config.maxSize()) {
            throw new IllegalArgumentException("record of " + record.remaining() + " bytes for a file of "
                    + config.maxSize());
        }
        int count = sectorsFor(length);
        int slot = bitmap.allocate(count);
        if (slot < 0) {
            throw new BackingFileFullException(name, count, bitmap.freeSectors(), bitmap.sectors());
        }
        writes.increment();
        long offset = (long) slot << sectorShift;
        RecordSeal.Context ctx = seal.borrow();
        try {
            ByteBuffer sealed = seal.seal(ctx, slot, record);
            while (sealed.hasRemaining()) {
                channel.write(sealed, offset + sealed.position());
            }
        } catch (IOException e) {
            writeErrors.increment();
            bitmap.free(slot, count);
            throw ioFailure(Operation.WRITE, slot, e);
        } catch (RuntimeException e) {
            bitmap.free(slot, count);
            throw e;
        } finally {
            seal.release(ctx);
        }
        bytesWritten.add(length);
        records.incrementAndGet();
        return slot;
    }

    /**
     * Reads the {@code length} bytes of the record at {@code slot} into {@code dst} from its position;
     * position and limit unchanged afterwards. Throws {@link BackingFileIoException} when the read fails
     * or the file ends first.
     */
    public void read(long slot, int length, ByteBuffer dst) {
        ensureOpen();
        checkRun(slot, length);
        if (dst.remaining() < length) {
            throw new IllegalArgumentException("destination has " + dst.remaining() + " bytes for a record of " + length);
        }
        reads.increment();
        long offset = slot << sectorShift;
        int origin = dst.position();
        int limit = dst.limit();
        dst.limit(origin + length);
        try {
            while (dst.hasRemaining()) {
                if (channel.read(dst, offset + dst.position() - origin) < 0) {
                    readErrors.increment();
                    throw new BackingFileIoException(name, Operation.READ, slot, "end of file after "
                            + (dst.position() - origin) + " of " + length + " bytes", null);
                }
            }
        } catch (IOException e) {
            readErrors.increment();
            throw ioFailure(Operation.READ, slot, e);
        } finally {
            dst.limit(limit).position(origin);
        }
    }

    /**
     * Checks the sealed record read from {@code slot} ({@code sealed}, position to limit, unchanged) and
     * puts its plain form ({@link WrittenBackRecord}) into {@code plain} from 0; returns {@code plain}
     * with its limit at the plain length. Throws {@link CorruptRecordException} when any byte of it
     * changed on the file or it is another slot's record.
     */
    public ByteBuffer unseal(long slot, ByteBuffer sealed, ByteBuffer plain) {
        return seal.open(slot, sealed, plain);
    }

    /** Frees the sectors of the record of {@code length} bytes at {@code slot}; throws on a double free. */
    public void free(long slot, int length) {
        checkRun(slot, length);
        bitmap.free((int) slot, sectorsFor(length));
        records.decrementAndGet();
    }

    private void checkRun(long slot, int length) {
        if (slot < 0 || slot >= bitmap.sectors() || length < 1 || (slot << sectorShift) + length > config.maxSize()) {
            throw new IllegalArgumentException("record of " + length + " bytes at slot " + slot + " is outside "
                    + name + " (" + bitmap.sectors() + " sectors of " + config.sectorSize() + ")");
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new WritebackClosedException(name + ": backing file closed");
        }
    }

    private WritebackException ioFailure(Operation op, long slot, IOException e) {
        if (closed.get()) {
            return new WritebackClosedException(name + ": backing file closed during " + op + " at slot " + slot);
        }
        return new BackingFileIoException(name, op, slot, e.toString(), e);
    }

    /** A snapshot of the counters; {@code wbReadStale} and {@code wbReadCorrupt} are the read pool's and 0 here. */
    public WritebackStats stats() {
        int inUse = bitmap.sectors() - bitmap.freeSectors();
        return new WritebackStats(records.get(), reads.sum(), writes.sum(), bytesWritten.sum(), inUse,
                bitmap.sectors(), config.sectorSize(), readErrors.sum(), writeErrors.sum(), 0, 0);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the channel (IO in flight fails with {@link WritebackClosedException}) and deletes the file if so configured. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
            if (config.deleteOnClose()) {
                Files.deleteIfExists(config.path());
            }
        } catch (IOException e) {
            throw new BackingFileIoException(name, Operation.CLOSE, BackingFileIoException.NO_SLOT, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "BackingFile[" + name + ", " + stats() + "]";
    }
}
