package dev.acomp.zswap.writeback;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals plain records ({@link WrittenBackRecord}) for the file and opens them again, one per backing file.
 * The AES key is made here and never leaves this object. Thread-safe: each operation borrows a context
 * (a cipher or a checksum with its buffers) from a bounded free list, so no context is made per record
 * in steady state. The JDK's cipher still allocates a parameter spec and its GCM state per record (about
 * 1 KiB); the cipher only sees heap buffers, since with direct ones it copies them into new arrays.
 */
final class RecordSeal {
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    /** Contexts kept for reuse; more may exist while more threads seal at once, and are then dropped. */
    private static final int FREE_CONTEXTS = 64;
    /** The longest plain record: a header and the longest payload its length field holds. */
    private static final int MAX_PLAIN_LENGTH = WrittenBackRecord.recordLength(WrittenBackRecord.MAX_PAYLOAD);

    private final RecordProtection protection;
    private final SecretKey key;
    private final AtomicLong writes = new AtomicLong();
    private final ArrayBlockingQueue<Context> free = new ArrayBlockingQueue<>(FREE_CONTEXTS);

    /** One operation's scratch: heap buffers the cipher works in, the nonce, the cipher or checksum. */
    final class Context {
        /** What the cipher reads; grown to the longest record seen. */
        ByteBuffer in = ByteBuffer.allocate(0);
        /** What it writes, and the sealed record {@link #seal} returns; grown likewise. */
        ByteBuffer out = ByteBuffer.allocate(0);
        final byte[] nonce = new byte[NONCE_BYTES];
        final ByteBuffer slotBytes = ByteBuffer.allocate(8);
        final Cipher cipher;
        final CRC32C crc;

        Context() {
            if (protection == RecordProtection.AES_GCM) {
                try {
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
                }
                crc = null;
            } else {
                cipher = null;
                crc = new CRC32C();
            }
        }

        /** {@link #in} and {@link #out} with room for {@code length} bytes, cleared. */
        void ensure(int length) {
            if (in.capacity() < length) {
                in = ByteBuffer.allocate(length);
                out = ByteBuffer.allocate(length);
            }
            in.clear();
            out.clear();
        }
    }

    RecordSeal(RecordProtection protection) {
        this.protection = protection;
        this.key = protection == RecordProtection.AES_GCM ? newKey() : null;
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no AES key generator", e);
        }
    }

    RecordProtection protection() {
        return protection;
    }

    int sealedLength(int plainLength) {
        return plainLength + protection.trailerBytes();
    }

    /**
     * Seals {@code plain} (position to limit, unchanged) for {@code slot} into {@code ctx}'s buffer, which
     * it returns (position 0 to the sealed length): valid until {@code ctx} is released.
     */
    ByteBuffer seal(Context ctx, long slot, ByteBuffer plain) {
        int length = plain.remaining();
        if (length <= WrittenBackRecord.HEADER_BYTES || length > MAX_PLAIN_LENGTH) {
            throw new IllegalArgumentException("plain record of " + length + " bytes, not "
                    + (WrittenBackRecord.HEADER_BYTES + 1) + ".." + MAX_PLAIN_LENGTH);
        }
        long counter = writes.incrementAndGet();
        if (counter > WrittenBackRecord.MAX_WRITE_COUNTER) {
            throw new WritebackException("2^48 records written under one key: no nonce left", null);
        }
        int sealedLength = sealedLength(length);
        ctx.ensure(sealedLength);
        ByteBuffer out = ctx.out;
        out.put(0, plain, plain.position(), length);
        WrittenBackRecord.putWriteCounter(out, 0, counter);
        if (protection == RecordProtection.AES_GCM) {
            ByteBuffer payload = ctx.in.put(0, out, WrittenBackRecord.HEADER_BYTES, length - WrittenBackRecord.HEADER_BYTES)
                    .limit(length - WrittenBackRecord.HEADER_BYTES);
            try {
                Cipher cipher = init(ctx, Cipher.ENCRYPT_MODE, slot, counter);
                cipher.updateAAD(out.array(), 0, WrittenBackRecord.HEADER_BYTES);
                cipher.doFinal(payload, out.position(WrittenBackRecord.HEADER_BYTES));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to seal a record", e);
            }
        } else {
            int crc = crc(ctx, slot, out.limit(length));
            out.limit(sealedLength).putInt(length, Integer.reverseBytes(crc));
        }
        return out.limit(sealedLength).position(0);
    }

    /**
     * Checks and opens the sealed record read from {@code slot} ({@code sealed}, position to limit,
     * unchanged) into {@code plain} from 0; returns {@code plain} with its limit at the plain length.
     * Throws {@link CorruptRecordException} when any byte of it changed or it belongs to another slot.
     */
    ByteBuffer open(long slot, ByteBuffer sealed, ByteBuffer plain) {
        int at = sealed.position();
        int length = sealed.remaining();
        int plainLength = length - protection.trailerBytes();
        if (plainLength <= WrittenBackRecord.HEADER_BYTES || plainLength > plain.capacity()) {
            throw new CorruptRecordException("record of " + length + " bytes at slot " + slot + " cannot be "
                    + protection + "-sealed");
        }
        Context ctx = borrow();
        try {
            ctx.ensure(length);
            ByteBuffer in = ctx.in.put(0, sealed, at, length).limit(length);
            if (protection == RecordProtection.AES_GCM) {
                long counter = WrittenBackRecord.writeCounter(in, 0);
                Cipher cipher = init(ctx, Cipher.DECRYPT_MODE, slot, counter);
                cipher.updateAAD(in.array(), 0, WrittenBackRecord.HEADER_BYTES);
                cipher.doFinal(in.position(WrittenBackRecord.HEADER_BYTES), ctx.out.position(WrittenBackRecord.HEADER_BYTES));
                ctx.out.put(0, in, 0, WrittenBackRecord.HEADER_BYTES);
                plain.clear().put(0, ctx.out, 0, plainLength);
            } else {
                int expected = Integer.reverseBytes(in.getInt(plainLength));
                int actual = crc(ctx, slot, in.limit(plainLength));
                if (actual != expected) {
                    throw new CorruptRecordException(String.format("record of %d bytes at slot %d fails its CRC32C"
                            + " (0x%08x stored, 0x%08x computed)", length, slot, expected, actual));
                }
                plain.clear().put(0, in, 0, plainLength);
            }
            return plain.position(0).limit(plainLength);
        } catch (AEADBadTagException e) {
            throw new CorruptRecordException("record of " + length + " bytes at slot " + slot
                    + " fails its AES-GCM check: changed on the file, or not this slot's", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open a record", e);
        } finally {
            release(ctx);
        }
    }

    /** The nonce is the slot (u32) and the write counter (u64), big-endian. */
    private Cipher init(Context ctx, int mode, long slot, long counter) throws GeneralSecurityException {
        byte[] n = ctx.nonce;
        for (int i = 0; i < 4; i++) {
            n[i] = (byte) (slot >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        ctx.cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, n));
        return ctx.cipher;
    }

    /** CRC32C over the slot (8 bytes) and {@code bytes} (position to limit; position moves to the limit). */
    private static int crc(Context ctx, long slot, ByteBuffer bytes) {
        CRC32C crc = ctx.crc;
        crc.reset();
        crc.update(ctx.slotBytes.clear().putLong(0, slot));
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** A context for {@link #seal}; give it back with {@link #release}. */
    Context borrow() {
        Context ctx = free.poll();
        return ctx != null ? ctx : new Context();
    }

    void release(Context ctx) {
        free.offer(ctx);
    }
}
