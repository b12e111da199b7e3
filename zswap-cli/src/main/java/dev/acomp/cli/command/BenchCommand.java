package dev.acomp.cli.command;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompException;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.JsonWriter;
import dev.acomp.cli.Option;
import dev.acomp.cli.Options;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.TextTable;
import dev.acomp.cli.UsageException;
import dev.acomp.cli.bench.BenchFailureException;
import dev.acomp.cli.bench.BenchResult;
import dev.acomp.cli.bench.DriverBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code zswap bench}: every available driver (or one) on the same 4 KiB pages: compression ratio and
 * compress and decompress speed, each the median of several passes, every page verified.
 */
public final class BenchCommand implements Command {
    private static final Option<Path> SOURCE = Option.path("--source", "FILE|DIR",
            "the pages: a file, or every regular file under a directory").required();
    private static final Option<String> DRIVER = Option.text("--driver", "NAME",
            "only this driver (or the best driver of this algorithm); default every available one");
    private static final Options OPTIONS = Options.of(SOURCE, DRIVER, CommonOptions.PASSES, CommonOptions.JSON,
            CommonOptions.PROGRESS);

    private final AcompRegistry registry;

    public BenchCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "compression ratio and MB/s of each driver on the same 4 KiB pages, every page verified";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments arguments = OPTIONS.parse(name(), args);
        arguments.checkAll();
        Path sourcePath = arguments.get(SOURCE);
        int passes = arguments.get(CommonOptions.PASSES);
        CommonOptions.checkOutput(name(), arguments, CommonOptions.JSON);
        List<String> drivers = new ArrayList<>();
        List<DriverInfo> skipped = new ArrayList<>();
        selectDrivers(arguments.get(DRIVER), drivers, skipped);
        PageSource source = CommonOptions.pages(name(), SOURCE, sourcePath);

        boolean progressShown = CommonOptions.progressShown(arguments, terminal);
        List<Outcome> outcomes = new ArrayList<>();
        for (String driver : drivers) {
            try (Acomp transform = registry.allocate(driver); DriverBench bench = new DriverBench(transform, source)) {
                ProgressBar progress = new ProgressBar(terminal.err(), driver, bench.progressUnits(passes),
                        progressShown);
                try {
                    outcomes.add(new Outcome(driver, bench.run(passes, progress), null));
                } finally {
                    progress.finish();
                }
            } catch (BenchFailureException | AcompException | IllegalArgumentException e) {
                // One driver failing (a page, its set-up, a source too large for it) does not stop the others.
                outcomes.add(new Outcome(driver, null, e.getMessage()));
            }
        }
        boolean failed = false;
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                terminal.err().println("zswap bench: " + o.failure());
                failed = true;
            }
        }
        printTable(source, passes, outcomes, skipped, terminal);
        if (!CommonOptions.write(name(), arguments, CommonOptions.JSON, json(source, passes, outcomes, skipped), terminal)) {
            return ExitCode.FAILURE;
        }
        return failed ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** The named driver, or every available one; unavailable ones are reported as skipped. */
    private void selectDrivers(String requested, List<String> drivers, List<DriverInfo> skipped) {
        if (requested != null) {
            drivers.add(CommonOptions.requireDriver(name(), registry, DRIVER, requested).name());
            return;
        }
        for (DriverInfo d : registry.drivers()) {
            if (d.available()) {
                drivers.add(d.driver());
            } else {
                skipped.add(d);
            }
        }
        if (drivers.isEmpty()) {
            throw new UsageException(name() + ": no driver is available; see 'zswap backends'");
        }
    }

    private static void printTable(PageSource source, int passes, List<Outcome> outcomes, List<DriverInfo> skipped,
            Terminal terminal) {
        terminal.out().printf(Locale.ROOT,
                "%s: %d file(s), %d pages of %d bytes; median of %d passes after a warm-up, MB = 10^6 bytes%n",
                source.root(), source.files().size(), source.pageCount(), PageSource.PAGE_SIZE, passes);
        TextTable table = new TextTable("DRIVER", "ALGORITHM", "BATCH", "RATIO", "COMPRESS MB/s", "DECOMPRESS MB/s",
                "COMPRESS CPU us", "DECOMPRESS CPU us", "VERIFIED");
        for (Outcome o : outcomes) {
            BenchResult r = o.result();
            if (r == null) {
                table.row(o.driver(), "-", "-", "-", "-", "-", "-", "-", "FAILED");
            } else {
                table.row(r.driver(), r.algorithm(), r.batchSize(), format("%.3f", r.ratio()),
                        format("%.1f", r.compressMBps()), format("%.1f", r.decompressMBps()),
                        format("%.2f", r.compressCpuMicros()), format("%.2f", r.decompressCpuMicros()),
                        r.pages() + " pages");
            }
        }
        table.print(terminal.out());
        terminal.out().println("CPU us: the calling thread's CPU time per page, median pass; work a driver hands to"
                + " a device or to threads of its own is not in it");
        for (DriverInfo d : skipped) {
            terminal.out().println("skipped " + d.driver() + ": " + d.cause());
        }
    }

    private static String json(PageSource source, int passes, List<Outcome> outcomes, List<DriverInfo> skipped) {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb).beginObject()
                .name("source").value(source.root().toString())
                .name("files").value(source.files().size())
                .name("pages").value(source.pageCount())
                .name("page_size").value(PageSource.PAGE_SIZE)
                .name("passes").value(passes)
                .name("drivers").beginArray();
        for (Outcome o : outcomes) {
            json.beginObject().name("driver").value(o.driver());
            BenchResult r = o.result();
            if (r != null) {
                json.name("algorithm").value(r.algorithm())
                        .name("batch_size").value(r.batchSize())
                        .name("compression_ratio").value(r.ratio())
                        .name("compressed_bytes").value(r.compressedBytes())
                        .name("compress_mb_per_s").value(r.compressMBps())
                        .name("decompress_mb_per_s").value(r.decompressMBps())
                        .name("warmup_passes").value(r.warmups())
                        .name("compress_cpu_us_per_page").value(r.compressCpuMicros())
                        .name("decompress_cpu_us_per_page").value(r.decompressCpuMicros())
                        .name("verified_pages").value(r.pages());
            }
            json.name("failure").value(o.failure()).endObject();
        }
        json.endArray().name("skipped").beginArray();
        for (DriverInfo d : skipped) {
            json.beginObject().name("driver").value(d.driver()).name("cause").value(d.cause()).endObject();
        }
        json.endArray().endObject().finish();
        return sb.toString();
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    /** One driver's result, or why it failed. */
    private record Outcome(String driver, BenchResult result, String failure) {
    }
}
