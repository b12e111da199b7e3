package dev.acomp.cli.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.report.JsonReport;
import dev.acomp.cli.run.AccessPattern;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PageSources;
import dev.acomp.cli.run.PoolLimit;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.run.Throughput;
import dev.acomp.cli.zram.ZramMmStat;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** What a forked measurement hands back is what it measured, every figure and histogram bucket. */
class MeasurementFileTest {
    private static final AcompRegistry REGISTRY = AcompRegistry.load();

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static DataInputStream roundTrip(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void aRunWithALimitAndWritebackComesBackWhole() throws IOException {
        PageSnapshot snapshot = PageSources.open(SharedData.memoryImage().toString(), note -> { });
        RunSettings settings = RunSettings.builder(REGISTRY).compressor("lz4").poolLimit(PoolLimit.parse("25%"))
                .threads(2).access(AccessPattern.ZIPF).seed(7).passes(1).build();
        EngineRun run = new EngineRun(settings, snapshot);
        RunResult r = run.run(new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), "t",
                run.progressUnits(), false));

        RunResult back = MeasurementFile.readRun(roundTrip(out -> MeasurementFile.writeRun(out, r)));

        assertEquals(JsonReport.run(r), JsonReport.run(back));
        assertEquals(r.storeLatency().percentile(99.9), back.storeLatency().percentile(99.9));
        assertEquals(r.atEnd().toString(), back.atEnd().toString());
    }

    @Test
    void settingsAndZramResultsComeBackWhole() throws IOException {
        RunSettings s = RunSettings.builder(REGISTRY).compressor("zstd").poolLimit(PoolLimit.parse("4M"))
                .threads(3).access(AccessPattern.RANDOM).loads(99).seed(-5).passes(4).recompressor("deflate").build();
        RunSettings back = MeasurementFile.readSettings(roundTrip(out -> MeasurementFile.writeSettings(out, s)),
                REGISTRY);
        assertEquals(s.compressor() + s.poolLimit() + s.backingFile() + s.threads() + s.access() + s.loads()
                + s.seed() + s.passes() + s.recompressor(), back.compressor() + back.poolLimit() + back.backingFile()
                + back.threads() + back.access() + back.loads() + back.seed() + back.passes() + back.recompressor());

        ZramResult z = new ZramResult("/dev/zram0", "lz4", 4096, ZramMmStat.parse("1 2 3 4 5 6 7 8"),
                new Throughput(1.5, 2.5, 3.5, 4.5, 5, 6, 7.5, 8.5), 1, "page 3 differs");
        assertEquals(z, MeasurementFile.readZram(roundTrip(out -> MeasurementFile.writeZram(out, z))));
    }
}
