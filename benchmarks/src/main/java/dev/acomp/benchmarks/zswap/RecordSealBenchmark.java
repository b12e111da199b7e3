package dev.acomp.benchmarks.zswap;

import dev.acomp.zswap.writeback.BackingFile;
import dev.acomp.zswap.writeback.BackingFileConfig;
import dev.acomp.zswap.writeback.RecordProtection;
import dev.acomp.zswap.writeback.WrittenBackRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What sealing written-back records costs: the backing file's write (seal, then positional write) and
 * read (positional read, then check and open) of the lz4 records of the memory image's pages, with each
 * {@link RecordProtection}, beside the same bytes written and read unsealed through a plain channel
 * ({@code unsealed*}, the cost of the IO alone). {@code unseal} is the check alone, from memory. One
 * record per operation, through the page cache; scores in ns/op, {@code -prof gc} for bytes per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordSealBenchmark {
    private static final int RECORDS = 1024;

    @Param({"AES_GCM", "CRC32C"})
    public RecordProtection protection;

    private Path dir;
    private BackingFile file;
    private FileChannel plainChannel;
    private ByteBuffer[] plain;
    private long[] slots;
    private int[] lengths;
    private ByteBuffer[] sealed;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(8192);
    private final ByteBuffer opened = ByteBuffer.allocateDirect(8192);
    private int next;

    @Setup
    public void writeRecords() throws IOException {
        ByteBuffer[] pages = EnginePages.memoryImage();
        LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
        ByteBuffer compressed = ByteBuffer.allocate(lz4.maxCompressedLength(4096));
        dir = Files.createTempDirectory("acomp-seal");
        file = BackingFile.create(BackingFileConfig.builder(dir.resolve("wb.img")).protection(protection).build());
        plainChannel = FileChannel.open(dir.resolve("plain.img"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        plain = new ByteBuffer[RECORDS];
        slots = new long[RECORDS];
        lengths = new int[RECORDS];
        sealed = new ByteBuffer[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            // Every fourth page, to skip runs of same-filled pages; those never reach the file.
            ByteBuffer page = pages[(4 * i) % pages.length];
            int n = lz4.compress(page, 0, 4096, compressed, 0, compressed.capacity());
            boolean raw = n >= 4096;
            plain[i] = ByteBuffer.allocate(WrittenBackRecord.recordLength(4096));
            int length = WrittenBackRecord.encode(plain[i], raw, (short) 1, i, raw ? page : compressed.clear().limit(n));
            plain[i].limit(length);
            plainChannel.write(plain[i].duplicate(), (long) i * 8192);
            slots[i] = file.write(plain[i]);
            lengths[i] = file.recordLength(length);
            sealed[i] = ByteBuffer.allocateDirect(lengths[i]);
            file.read(slots[i], lengths[i], sealed[i]);
        }
    }

    @TearDown
    public void close() throws IOException {
        file.close();
        plainChannel.close();
        Files.deleteIfExists(dir);
    }

    private int next() {
        int i = next;
        next = (i + 1) % RECORDS;
        return i;
    }

    /** Seal and write a record, then free its sectors (the next write takes them again). */
    @Benchmark
    public long write() {
        int i = next();
        long slot = file.write(plain[i]);
        file.free(slot, lengths[i]);
        return slot;
    }

    @Benchmark
    public byte read() {
        int i = next();
        file.read(slots[i], lengths[i], readBuffer.clear());
        return file.unseal(slots[i], readBuffer.limit(lengths[i]), opened).get(WrittenBackRecord.HEADER_BYTES);
    }

    @Benchmark
    public byte unseal() {
        int i = next();
        return file.unseal(slots[i], sealed[i], opened).get(WrittenBackRecord.HEADER_BYTES);
    }

    @Benchmark
    public int unsealedWrite() throws IOException {
        int i = next();
        ByteBuffer b = plain[i];
        int n = plainChannel.write(b, (long) i * 8192);
        b.position(0);
        return n;
    }

    @Benchmark
    public int unsealedRead() throws IOException {
        int i = next();
        return plainChannel.read(readBuffer.clear().limit(plain[i].remaining()), (long) i * 8192);
    }
}
