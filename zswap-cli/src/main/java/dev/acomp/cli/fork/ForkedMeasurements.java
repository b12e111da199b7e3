package dev.acomp.cli.fork;

import dev.acomp.api.AcompException;
import dev.acomp.api.AcompRegistry;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.Plugins;
import dev.acomp.cli.ProgressBar;
import dev.acomp.cli.run.EngineRun;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PassPlan;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.run.RunSettings;
import dev.acomp.cli.zram.KernelZram;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.cli.zram.ZramUnavailableException;
import dev.acomp.zswap.ZswapException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code compare}'s measurements, each in a fresh JVM ({@link ForkedJvm}) over the same pages: a JVM that
 * ran one driver has its JIT profile (the engine's call sites into the codec made polymorphic) and its
 * heap shaped by it, and the next driver measured there pays for that. The pages go to the children
 * through one temporary file, deleted by {@link #close}; each child writes its result to a file of its
 * own, read back here. The kernel's zram is measured in a child too, started the same way on the same
 * pages with the same pass plan, so both sides of the comparison start from the same JVM state.
 */
public final class ForkedMeasurements implements AutoCloseable {
    private static final byte ENGINE = 'E';
    private static final byte ZRAM = 'Z';
    private static final byte MEASURED = 0;
    private static final byte FAILED = 1;
    private static final byte UNAVAILABLE = 2;

    private final Path dir;
    private final Path pages;
    private final String origin;
    private final Map<String, String> env;
    private final PrintStream err;
    private final boolean progressShown;
    private int measurements;

    private ForkedMeasurements(Path dir, Path pages, String origin, Map<String, String> env, PrintStream err,
            boolean progressShown) {
        this.dir = dir;
        this.pages = pages;
        this.origin = origin;
        this.env = env;
        this.err = err;
        this.progressShown = progressShown;
    }

    /**
     * Measurements of {@code snapshot}'s pages; the children load drivers from {@code pluginFolders} (the
     * CLI's own and those beside its jar they find themselves) and draw progress on {@code err} if shown.
     */
    public static ForkedMeasurements of(PageSnapshot snapshot, List<Path> pluginFolders, PrintStream err,
            boolean progressShown) {
        try {
            Path dir = Files.createTempDirectory("zswap-compare-");
            Path pages = dir.resolve("pages");
            try (FileChannel ch = FileChannel.open(pages, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var view = snapshot.view();
                while (view.hasRemaining()) {
                    ch.write(view);
                }
            }
            Map<String, String> env = pluginFolders.isEmpty() ? Map.of() : Map.of(Plugins.ENV,
                    pluginFolders.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            return new ForkedMeasurements(dir, pages, snapshot.origin(), env, err, progressShown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pages for the forked measurements: " + e.getMessage(), e);
        }
    }

    /** The engine with {@code settings} on the pages; a driver or engine failure is a {@link ForkFailedException}. */
    public RunResult engine(RunSettings settings) {
        return measure(ENGINE, settings, MeasurementFile::readRun);
    }

    /**
     * The kernel's zram with the algorithm {@code settings} name as compressor, in the pass plan of their
     * passes; throws {@link ZramUnavailableException} when the device cannot be used.
     */
    public ZramResult zram(RunSettings settings) {
        return measure(ZRAM, settings, MeasurementFile::readZram);
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private <T> T measure(byte kind, RunSettings settings, Reader<T> reader) {
        int n = measurements++;
        Path request = dir.resolve("request-" + n);
        Path result = dir.resolve("result-" + n);
        try {
            try (DataOutputStream out = output(request)) {
                MeasurementFile.writeHeader(out);
                out.writeByte(kind);
                out.writeUTF(pages.toString());
                out.writeUTF(origin);
                out.writeBoolean(progressShown);
                MeasurementFile.writeSettings(out, settings);
            }
            int exit = ForkedJvm.run(ForkedJvm.command(ForkedMeasurements.class, List.of(request.toString(),
                    result.toString())), env, err);
            if (exit != 0 || !Files.exists(result)) {
                throw new ForkFailedException("its JVM exited with " + exit + " (its messages are above)");
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(result)))) {
                MeasurementFile.readHeader(in);
                byte status = in.readByte();
                if (status == FAILED) {
                    throw new ForkFailedException(in.readUTF());
                }
                if (status == UNAVAILABLE) {
                    throw new ZramUnavailableException(in.readUTF());
                }
                return reader.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot exchange files with the forked measurement: " + e.getMessage(), e);
        } finally {
            deleteQuietly(request);
            deleteQuietly(result);
        }
    }

    @Override
    public void close() {
        deleteQuietly(pages);
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the measurements stand.
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    /**
     * The child: {@code REQUEST RESULT}. Measures what the request asks, writes the result (or why it
     * could not be measured) and exits 0; anything else is a bug, printed, exit 1.
     */
    public static void main(String[] args) {
        int code = 0;
        try {
            child(Path.of(args[0]), Path.of(args[1]));
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.err.flush();
        System.exit(code);
    }

    private static void child(Path request, Path result) throws IOException {
        byte kind;
        String origin;
        Path pages;
        boolean progressShown;
        RunSettings settings;
        AcompRegistry registry = Plugins.of(new String[0], System.getenv(), Plugins.ownJar())
                .registry(ForkedMeasurements.class.getClassLoader());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(request)))) {
            MeasurementFile.readHeader(in);
            kind = in.readByte();
            pages = Path.of(in.readUTF());
            origin = in.readUTF();
            progressShown = in.readBoolean();
            settings = MeasurementFile.readSettings(in, registry);
        }
        PageSnapshot read = PageSnapshot.of(PageSource.read(pages));
        PageSnapshot snapshot = new PageSnapshot(origin, read.view(), i -> origin + " page " + i);
        try (DataOutputStream out = output(result)) {
            MeasurementFile.writeHeader(out);
            if (kind == ENGINE) {
                RunResult r;
                try {
                    EngineRun run = new EngineRun(settings, snapshot);
                    ProgressBar progress = new ProgressBar(System.err, settings.compressor(), run.progressUnits(),
                            progressShown);
                    try {
                        r = run.run(progress);
                    } finally {
                        progress.finish();
                    }
                } catch (AcompException | ZswapException e) {
                    out.writeByte(FAILED);
                    out.writeUTF(String.valueOf(e.getMessage()));
                    return;
                }
                out.writeByte(MEASURED);
                MeasurementFile.writeRun(out, r);
            } else {
                ZramResult z;
                try {
                    z = KernelZram.zram0().compare(snapshot, settings.compressor(),
                            PassPlan.of(snapshot.pageCount(), settings.passes()), settings.threads());
                } catch (ZramUnavailableException e) {
                    out.writeByte(UNAVAILABLE);
                    out.writeUTF(String.valueOf(e.getMessage()));
                    return;
                }
                out.writeByte(MEASURED);
                MeasurementFile.writeZram(out, z);
            }
        }
    }
}
