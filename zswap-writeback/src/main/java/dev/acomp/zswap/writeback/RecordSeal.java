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
 * in steady state; the JDK's cipher API still allocates a parameter spec and its GCM state per record.
 */
final class RecordSeal {
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    /** Contexts kept for reuse; more may exist while more threads seal at once, and are then dropped. */
    private static final int FREE_CONTEXTS = 64;

    private final RecordProtection protection;
    /** The longest plain record: a header and the longest payload its length field holds. */
    private static final int MAX_PLAIN_LENGTH = WrittenBackRecord.recordLength(WrittenBackRecord.MAX_PAYLOAD);

    private final SecretKey key;
    private final AtomicLong writes = new AtomicLong();
    private final ArrayBlockingQueue<Context> free = new ArrayBlockingQueue<>(FREE_CONTEXTS);

    /** One operation's scratch: the sealed record being made, the nonce, the cipher or checksum. */
    final class Context {
        /** Grown to the longest record sealed with this context. */
        ByteBuffer sealed = ByteBuffer.allocateDirect(0);
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
        int from = plain.position();
        int to = plain.limit();
        try {
            if (ctx.sealed.capacity() < sealedLength(length)) {
                ctx.sealed = ByteBuffer.allocateDirect(sealedLength(length));
            }
            ByteBuffer out = ctx.sealed.clear();
            out.put(0, plain, from, WrittenBackRecord.HEADER_BYTES);
            WrittenBackRecord.putWriteCounter(out, 0, counter);
            plain.position(from + WrittenBackRecord.HEADER_BYTES);
            if (protection == RecordProtection.AES_GCM) {
                Cipher cipher = init(ctx, Cipher.ENCRYPT_MODE, slot, counter);
                cipher.updateAAD(out.limit(WrittenBackRecord.HEADER_BYTES));
                out.limit(out.capacity());
                cipher.doFinal(plain, out);
            } else {
                out.put(WrittenBackRecord.HEADER_BYTES, plain, plain.position(), plain.remaining());
                int crc = crc(ctx, slot, out.limit(length));
                out.limit(out.capacity()).putInt(length, Integer.reverseBytes(crc));
            }
            return out.position(0).limit(sealedLength(length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal a record", e);
        } finally {
            plain.limit(to).position(from);
        }
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
        plain.clear();
        Context ctx = borrow();
        int to = sealed.limit();
        try {
            if (protection == RecordProtection.AES_GCM) {
                long counter = WrittenBackRecord.writeCounter(sealed, at);
                Cipher cipher = init(ctx, Cipher.DECRYPT_MODE, slot, counter);
                cipher.updateAAD(sealed.limit(at + WrittenBackRecord.HEADER_BYTES));
                sealed.limit(to);
                plain.position(WrittenBackRecord.HEADER_BYTES);
                cipher.doFinal(sealed, plain);
                plain.put(0, sealed, at, WrittenBackRecord.HEADER_BYTES);
            } else {
                int expected = Integer.reverseBytes(sealed.getInt(at + plainLength));
                int actual = crc(ctx, slot, sealed.limit(at + plainLength));
                if (actual != expected) {
                    throw new CorruptRecordException(String.format("record of %d bytes at slot %d fails its CRC32C"
                            + " (0x%08x stored, 0x%08x computed)", length, slot, expected, actual));
                }
                plain.put(0, sealed, at, plainLength);
            }
            return plain.position(0).limit(plainLength);
        } catch (AEADBadTagException e) {
            throw new CorruptRecordException("record of " + length + " bytes at slot " + slot
                    + " fails its AES-GCM check: changed on the file, or not this slot's", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open a record", e);
        } finally {
            sealed.limit(to).position(at);
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
