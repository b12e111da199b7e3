package dev.acomp.cli.fork;

import dev.acomp.cli.run.AccessPattern;
import dev.acomp.cli.run.LatencyHistogram;
import dev.acomp.cli.run.PoolLimit;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.run.Throughput;
import dev.acomp.cli.zram.ZramMmStat;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.api.AcompRegistry;
import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a forked measurement's request and results cross between the two JVMs: every field, exactly (the
 * histograms bucket by bucket), in a file each side reads with the same classes, so no text format to keep.
 */
final class MeasurementFile {
    private static final int VERSION = 1;

    private MeasurementFile() {
    }

    static void writeHeader(DataOutput out) throws IOException {
        out.writeInt(VERSION);
    }

    static void readHeader(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("a measurement file of version " + version + ", not " + VERSION);
        }
    }

    static void writeSettings(DataOutput out, RunSettings s) throws IOException {
        out.writeUTF(s.compressor());
        PoolLimit limit = s.poolLimit().orElse(null);
        out.writeBoolean(limit != null);
        if (limit != null) {
            out.writeLong(limit.bytes());
            out.writeInt(limit.percent());
        }
        writeNullable(out, s.backingFile().map(Path::toString).orElse(null));
        out.writeInt(s.threads());
        out.writeUTF(s.access().name());
        out.writeLong(s.loads());
        out.writeLong(s.seed());
        out.writeInt(s.passes());
        writeNullable(out, s.recompressor().orElse(null));
    }

    static RunSettings readSettings(DataInput in, AcompRegistry registry) throws IOException {
        RunSettings.Builder b = RunSettings.builder(registry).compressor(in.readUTF());
        if (in.readBoolean()) {
            b.poolLimit(new PoolLimit(in.readLong(), in.readInt()));
        }
        String backingFile = readNullable(in);
        if (backingFile != null) {
            b.backingFile(Path.of(backingFile));
        }
        b.threads(in.readInt()).access(AccessPattern.valueOf(in.readUTF())).loads(in.readLong()).seed(in.readLong())
                .passes(in.readInt());
        String recompressor = readNullable(in);
        if (recompressor != null) {
            b.recompressor(recompressor);
        }
        return b.build();
    }

    static void writeRun(DataOutput out, RunResult r) throws IOException {
        out.writeUTF(r.source());
        out.writeUTF(r.driver());
        out.writeInt(r.pages());
        out.writeInt(r.folioMix().size());
        for (Map.Entry<Integer, Integer> e : r.folioMix().entrySet()) {
            out.writeInt(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(r.threads());
        out.writeUTF(r.access().name());
        out.writeLong(r.poolLimitBytes());
        writeNullable(out, r.backingFile());
        writeStats(out, r.stored());
        out.writeBoolean(r.beforeRecompress() != null);
        if (r.beforeRecompress() != null) {
            writeStats(out, r.beforeRecompress());
        }
        writeStats(out, r.atEnd());
        writeSpeeds(out, r.speeds());
        out.writeLong(r.engineLoads());
        out.writeLong(r.callerLoads());
        out.writeLong(r.sweptPages());
        r.storeLatency().writeTo(out);
        r.loadLatency().writeTo(out);
        out.writeLong(r.rejectedPages());
        out.writeLong(r.mismatches());
        out.writeLong(r.loadFailures());
        writeNullable(out, r.firstProblem());
        out.writeLong(r.pid());
    }

    static RunResult readRun(DataInput in) throws IOException {
        String source = in.readUTF();
        String driver = in.readUTF();
        int pages = in.readInt();
        Map<Integer, Integer> mix = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            mix.put(in.readInt(), in.readInt());
        }
        int threads = in.readInt();
        AccessPattern access = AccessPattern.valueOf(in.readUTF());
        long poolLimit = in.readLong();
        String backingFile = readNullable(in);
        ZswapStats stored = readStats(in);
        ZswapStats beforeRecompress = in.readBoolean() ? readStats(in) : null;
        ZswapStats atEnd = readStats(in);
        Throughput speeds = readSpeeds(in);
        long engineLoads = in.readLong();
        long callerLoads = in.readLong();
        long swept = in.readLong();
        LatencyHistogram storeLatency = LatencyHistogram.readFrom(in);
        LatencyHistogram loadLatency = LatencyHistogram.readFrom(in);
        return new RunResult(source, driver, pages, mix, threads, access, poolLimit, backingFile, stored,
                beforeRecompress, atEnd, speeds, engineLoads, callerLoads, swept, storeLatency, loadLatency,
                in.readLong(), in.readLong(), in.readLong(), readNullable(in), in.readLong());
    }

    static void writeZram(DataOutput out, ZramResult z) throws IOException {
        out.writeUTF(z.device());
        out.writeUTF(z.algorithm());
        out.writeInt(z.pages());
        ZramMmStat m = z.mmStat();
        for (long v : new long[] {m.origDataSize(), m.comprDataSize(), m.memUsedTotal(), m.memLimit(),
                m.memUsedMax(), m.samePages(), m.pagesCompacted(), m.hugePages()}) {
            out.writeLong(v);
        }
        writeSpeeds(out, z.speeds());
        out.writeLong(z.mismatches());
        writeNullable(out, z.firstMismatch());
    }

    static ZramResult readZram(DataInput in) throws IOException {
        String device = in.readUTF();
        String algorithm = in.readUTF();
        int pages = in.readInt();
        ZramMmStat m = new ZramMmStat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong());
        return new ZramResult(device, algorithm, pages, m, readSpeeds(in), in.readLong(), readNullable(in));
    }

    private static void writeStats(DataOutput out, ZswapStats s) throws IOException {
        out.writeUTF(s.compressor());
        out.writeInt(s.batchesPerContext().size());
        for (long b : s.batchesPerContext()) {
            out.writeLong(b);
        }
        out.writeInt(ZswapCounter.values().length);
        for (ZswapCounter c : ZswapCounter.values()) {
            out.writeLong(s.get(c));
        }
    }

    private static ZswapStats readStats(DataInput in) throws IOException {
        String compressor = in.readUTF();
        List<Long> batches = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            batches.add(in.readLong());
        }
        if (in.readInt() != ZswapCounter.values().length) {
            throw new IOException("counters of another engine");
        }
        long[] values = new long[ZswapCounter.values().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return new ZswapStats(c -> values[c.ordinal()], compressor, batches);
    }

    private static void writeSpeeds(DataOutput out, Throughput t) throws IOException {
        out.writeDouble(t.storeMBps());
        out.writeDouble(t.loadMBps());
        out.writeDouble(t.coldStoreMBps());
        out.writeDouble(t.coldLoadMBps());
        out.writeInt(t.passes());
        out.writeInt(t.warmups());
        out.writeDouble(t.storeCpuMicros());
        out.writeDouble(t.loadCpuMicros());
    }

    private static Throughput readSpeeds(DataInput in) throws IOException {
        return new Throughput(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(),
                in.readInt(), in.readDouble(), in.readDouble());
    }

    static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
