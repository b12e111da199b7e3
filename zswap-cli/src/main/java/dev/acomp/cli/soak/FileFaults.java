package dev.acomp.cli.soak;

import dev.acomp.testing.HookedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Faults on the backing file: EIO on reads and writes, short writes, "no space left" on writes (through
 * the channel's hooks), and a stray writer flipping bits in the file ({@link #corrupt}). Armed until
 * {@link #disarm()}.
 */
final class FileFaults {
    /** Chances per read or write, in 1/10000. */
    private static final int READ_EIO = 30;
    private static final int WRITE_EIO = 30;
    private static final int NO_SPACE = 20;
    private static final int SHORT_WRITE = 500;

    final HookedChannel.Hooks hooks = new HookedChannel.Hooks();
    private final LongAdder readEio = new LongAdder();
    private final LongAdder writeEio = new LongAdder();
    private final LongAdder noSpace = new LongAdder();
    private final LongAdder shortWrites = new LongAdder();
    private final LongAdder bitFlips = new LongAdder();
    private volatile boolean armed = true;

    FileFaults() {
        hooks.beforeRead = offset -> {
            if (armed && chance(READ_EIO)) {
                readEio.increment();
                throw new IOException("soak: injected EIO on read at " + offset);
            }
        };
        hooks.beforeWrite = offset -> {
            if (armed && chance(WRITE_EIO)) {
                writeEio.increment();
                throw new IOException("soak: injected EIO on write at " + offset);
            }
            if (armed && chance(NO_SPACE)) {
                noSpace.increment();
                throw new IOException("soak: injected No space left on device at " + offset);
            }
        };
        hooks.writeFilter = (offset, src) -> {
            if (armed && src.remaining() > 1 && chance(SHORT_WRITE)) {
                shortWrites.increment();
                return 1 + ThreadLocalRandom.current().nextInt(src.remaining() - 1);
            }
            return src.remaining();
        };
    }

    private static boolean chance(int inTenThousand) {
        return ThreadLocalRandom.current().nextInt(10_000) < inTenThousand;
    }

    /** Flips one random bit among the file's first {@code size} bytes, as a stray writer would. */
    void corrupt(Path file, SplittableRandom random) throws IOException {
        if (!armed) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            long at = random.nextLong(size);
            ByteBuffer b = ByteBuffer.allocate(1);
            if (ch.read(b, at) == 1) {
                b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8)))).clear();
                ch.write(b, at);
                bitFlips.increment();
            }
        }
    }

    void disarm() {
        armed = false;
    }

    /** Holds the faults off (warming up) or lets them on again. */
    void pause(boolean paused) {
        armed = !paused;
    }

    Map<String, Long> injected() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("file_read_eio", readEio.sum());
        m.put("file_write_eio", writeEio.sum());
        m.put("file_no_space", noSpace.sum());
        m.put("file_short_writes", shortWrites.sum());
        m.put("file_bit_flips", bitFlips.sum());
        return m;
    }
}
