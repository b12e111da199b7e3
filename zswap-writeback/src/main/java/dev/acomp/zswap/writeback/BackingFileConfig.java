package dev.acomp.zswap.writeback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable settings of a {@link BackingFile}. Defaults: 512-byte sectors, 64 MiB, growing, an existing
 * file refused unless it is ours and empty, deleted on close, records sealed with AES-GCM, no channel
 * decorator.
 */
public final class BackingFileConfig {
    public static final int DEFAULT_SECTOR_SIZE = 512;
    public static final long DEFAULT_MAX_SIZE = 64L << 20;

    /** How the file takes its size. */
    public enum Sizing {
        /** Grows as records are written past its end, up to the maximum size. */
        GROW,
        /** Set to the maximum size at creation (sparse where the file system allows). */
        PRESIZED
    }

    /**
     * Wraps the channel the backing file opened, e.g. to inject IO faults in tests. Called once, at
     * creation; the backing file closes what it returns.
     */
    @FunctionalInterface
    public interface ChannelDecorator {
        FileChannel decorate(FileChannel channel) throws IOException;
    }

    private final Path path;
    private final int sectorSize;
    private final long maxSize;
    private final Sizing sizing;
    private final boolean reuseExisting;
    private final boolean deleteOnClose;
    private final RecordProtection protection;
    private final ChannelDecorator channelDecorator;

    private BackingFileConfig(Builder b) {
        this.path = Objects.requireNonNull(b.path, "path");
        this.sectorSize = b.sectorSize;
        this.maxSize = b.maxSize;
        this.sizing = b.sizing;
        this.reuseExisting = b.reuseExisting;
        this.deleteOnClose = b.deleteOnClose;
        this.protection = b.protection;
        this.channelDecorator = b.channelDecorator;
        if (sectorSize < 64 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two of at least 64 bytes: " + sectorSize);
        }
        if (maxSize < sectorSize || maxSize % sectorSize != 0) {
            throw new IllegalArgumentException("max size " + maxSize + " is not a positive multiple of the sector size "
                    + sectorSize);
        }
        if (maxSize / sectorSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max size " + maxSize + " holds more than 2^31-1 sectors of " + sectorSize);
        }
    }

    public static Builder builder(Path path) {
        return new Builder(path);
    }

    public Path path() {
        return path;
    }

    /** Allocation unit in bytes; a record takes whole sectors. Default 512. */
    public int sectorSize() {
        return sectorSize;
    }

    /** The most bytes the file holds: its capacity. Default 64 MiB. */
    public long maxSize() {
        return maxSize;
    }

    /** Default {@link Sizing#GROW}. */
    public Sizing sizing() {
        return sizing;
    }

    /**
     * Whether a non-empty file of ours at {@link #path()} is taken over (its content discarded). A file
     * owned by another user is never taken. Default false.
     */
    public boolean reuseExisting() {
        return reuseExisting;
    }

    /** Whether {@link BackingFile#close()} deletes the file: its records mean nothing without the slot map. Default true. */
    public boolean deleteOnClose() {
        return deleteOnClose;
    }

    /** How records are sealed on the file. Default {@link RecordProtection#AES_GCM}. */
    public RecordProtection protection() {
        return protection;
    }

    /** The channel decorator, or null. */
    public ChannelDecorator channelDecorator() {
        return channelDecorator;
    }

    @Override
    public String toString() {
        return "BackingFileConfig[" + path + ", sector " + sectorSize + ", max " + maxSize + ", " + sizing + ", " + protection + "]";
    }

    public static final class Builder {
        private final Path path;
        private int sectorSize = DEFAULT_SECTOR_SIZE;
        private long maxSize = DEFAULT_MAX_SIZE;
        private Sizing sizing = Sizing.GROW;
        private boolean reuseExisting;
        private boolean deleteOnClose = true;
        private RecordProtection protection = RecordProtection.AES_GCM;
        private ChannelDecorator channelDecorator;

        private Builder(Path path) {
            this.path = path;
        }

        public Builder sectorSize(int sectorSize) {
            this.sectorSize = sectorSize;
            return this;
        }

        public Builder maxSize(long maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder sizing(Sizing sizing) {
            this.sizing = Objects.requireNonNull(sizing, "sizing");
            return this;
        }

        public Builder reuseExisting(boolean reuseExisting) {
            this.reuseExisting = reuseExisting;
            return this;
        }

        public Builder deleteOnClose(boolean deleteOnClose) {
            this.deleteOnClose = deleteOnClose;
            return this;
        }

        public Builder protection(RecordProtection protection) {
            this.protection = Objects.requireNonNull(protection, "protection");
            return this;
        }

        public Builder channelDecorator(ChannelDecorator channelDecorator) {
            this.channelDecorator = channelDecorator;
            return this;
        }

        public BackingFileConfig build() {
            return new BackingFileConfig(this);
        }
    }
}
