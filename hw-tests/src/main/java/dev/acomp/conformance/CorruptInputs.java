package dev.acomp.conformance;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Damaged compressed streams from a seeded generator: bit flips, truncations, overwritten runs, trailing
 * bytes and plain garbage. The same seed gives the same inputs, so a failure can be replayed.
 */
final class CorruptInputs {
    private final Random random;
    private final List<byte[]> valid;

    /** One corrupt input from {@link #next()}, and how it was made. */
    record Input(byte[] bytes, String how) {
        @Override
        public String toString() {
            byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 48));
            return how + ", " + bytes.length + " bytes, starting " + HexFormat.of().formatHex(head);
        }
    }

    /** Damages the streams in {@code valid} (each a whole compressed unit). */
    CorruptInputs(long seed, List<byte[]> valid) {
        this.random = new Random(seed);
        this.valid = valid;
    }

    Input next() {
        int which = random.nextInt(valid.size());
        byte[] base = valid.get(which);
        String of = " of stream " + which;
        int kind = random.nextInt(100);
        if (kind < 40) {
            byte[] b = base.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int bit = random.nextInt(b.length * 8);
                b[bit >>> 3] ^= (byte) (1 << (bit & 7));
            }
            return new Input(b, flips + " bit flips" + of);
        }
        if (kind < 65) {
            int length = random.nextInt(base.length);
            return new Input(Arrays.copyOf(base, length), "truncated to " + length + of);
        }
        if (kind < 80) {
            byte[] b = base.clone();
            int at = random.nextInt(b.length);
            int run = 1 + random.nextInt(Math.min(16, b.length - at));
            byte value = (byte) random.nextInt(256);
            Arrays.fill(b, at, at + run, value);
            return new Input(b, run + " bytes at " + at + " set to " + (value & 0xFF) + of);
        }
        if (kind < 90) {
            int extra = 1 + random.nextInt(32);
            byte[] b = Arrays.copyOf(base, base.length + extra);
            for (int i = base.length; i < b.length; i++) {
                b[i] = (byte) random.nextInt(256);
            }
            return new Input(b, extra + " trailing bytes" + of);
        }
        byte[] garbage = new byte[1 + random.nextInt(2 * KitData.PAGE)];
        random.nextBytes(garbage);
        return new Input(garbage, "random garbage");
    }
}
