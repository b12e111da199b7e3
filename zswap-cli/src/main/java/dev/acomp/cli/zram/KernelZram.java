package dev.acomp.cli.zram;

import static dev.acomp.cli.run.PageSnapshot.select;

import dev.acomp.cli.OsErrors;
import dev.acomp.cli.PageSource;
import dev.acomp.cli.run.PageSnapshot;
import dev.acomp.cli.run.PassPlan;
import dev.acomp.cli.run.PhaseThreads;
import dev.acomp.cli.run.PhaseTime;
import dev.acomp.cli.run.Throughput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's own zram as a yardstick: configures an unused zram device with an algorithm, writes a
 * run's pages to it with direct positional I/O, reads them back and checks them, reads mm_stat, and
 * resets the device afterwards, also when something failed. Needs root and a device whose disksize is
 * 0 (not in use); it never touches a device that is configured already.
 */
public final class KernelZram {
    public static final int PAGE_SIZE = PageSnapshot.PAGE_SIZE;
    /** Pages per write or read: large enough to keep syscalls out of the figures. */
    private static final int IO_PAGES = 64;

    private final Path sysfs;
    private final Path device;

    /** {@code /sys/block/zramN} and {@code /dev/zramN}. */
    public KernelZram(Path sysfs, Path device) {
        this.sysfs = sysfs;
        this.device = device;
    }

    public static KernelZram zram0() {
        return new KernelZram(Path.of("/sys/block/zram0"), Path.of("/dev/zram0"));
    }

    /** The algorithms the device offers (comp_algorithm, without the brackets around the current one). */
    public List<String> algorithms() {
        String text = readAttribute("comp_algorithm");
        return Arrays.stream(text.trim().split("\\s+")).map(a -> a.replace("[", "").replace("]", ""))
                .filter(a -> !a.isEmpty()).toList();
    }

    /** Throws {@link ZramUnavailableException} saying why {@code algorithm} cannot be compared here. */
    public void checkUsable(String algorithm) {
        if (!Files.isDirectory(sysfs)) {
            throw new ZramUnavailableException(sysfs + " does not exist (no zram module loaded: modprobe zram)");
        }
        long disksize = Long.parseLong(readAttribute("disksize").trim());
        if (disksize != 0) {
            throw new ZramUnavailableException(device + " is in use (disksize " + disksize + "); only an unused"
                    + " device is borrowed");
        }
        for (String attribute : List.of("comp_algorithm", "disksize", "reset")) {
            if (!Files.isWritable(sysfs.resolve(attribute))) {
                throw new ZramUnavailableException(sysfs.resolve(attribute) + " is not writable (needs root)");
            }
        }
        if (!Files.isWritable(device)) {
            throw new ZramUnavailableException(device + " is not writable (needs root)");
        }
        if (!algorithms().contains(algorithm)) {
            throw new ZramUnavailableException("zram has no " + algorithm + "; it offers " + algorithms());
        }
    }

    /**
     * Writes the pages of {@code snapshot} through zram with {@code algorithm} and reads them back, pass
     * after pass of {@code plan} (each pass writes every page over the last pass's, as the engine's passes
     * store every folio again), checking every page read. {@code threads} threads write and read at once,
     * each its share of the pages, in phases timed as the engine's run times its own. Throws
     * {@link ZramUnavailableException} when the device cannot be used; the device is reset after every
     * attempt that configured it.
     */
    public ZramResult compare(PageSnapshot snapshot, String algorithm, PassPlan plan, int threads) {
        checkUsable(algorithm);
        ZramResult result;
        try {
            writeAttribute("comp_algorithm", algorithm);
            writeAttribute("disksize", Long.toString(snapshot.bytes()));
            result = writeAndReadBack(snapshot, algorithm, plan, threads);
        } catch (RuntimeException e) {
            try {
                writeAttribute("reset", "1");
            } catch (RuntimeException resetFailure) {
                e.addSuppressed(resetFailure);
            }
            throw e;
        }
        writeAttribute("reset", "1");
        return result;
    }

    private ZramResult writeAndReadBack(PageSnapshot snapshot, String algorithm, PassPlan plan, int threads) {
        // Straight from the snapshot, and back into pages at their place, as the engine's run stores and
        // loads them: a copy into a small buffer before each write would hand the kernel cache-hot pages
        // that the engine does not get.
        int pages = snapshot.pageCount();
        ByteBuffer into = PageSource.allocatePages(pages);
        ByteBuffer[] views = new ByteBuffer[threads];
        ByteBuffer[] intos = new ByteBuffer[threads];
        for (int t = 0; t < threads; t++) {
            views[t] = snapshot.view();
            intos[t] = into.duplicate();
        }
        PassPlan.Passes passes = plan.start();
        Throughput.Recorder speeds = new Throughput.Recorder(passes);
        ZramMmStat mmStat = null;
        long mismatches = 0;
        String firstMismatch = null;
        ByteBuffer view = views[0];
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE,
                directIo()); PhaseThreads phases = new PhaseThreads(threads, "zram-io")) {
            while (passes.next()) {
                PhaseTime write = phases.run(t -> io(ch, views[t], phases.share(pages, t), phases.share(pages, t + 1),
                        true));
                if (passes.isLast()) {
                    mmStat = ZramMmStat.parse(readAttribute("mm_stat"));
                }
                PhaseTime read = phases.run(t -> io(ch, intos[t], phases.share(pages, t), phases.share(pages, t + 1),
                        false));
                for (int p = 0; p < pages; p++) {
                    if (select(into, p, 1).mismatch(select(view, p, 1)) >= 0) {
                        mismatches++;
                        firstMismatch = firstMismatch != null ? firstMismatch
                                : snapshot.describe(p) + " read back from " + device + " differs";
                    }
                }
                speeds.pass(snapshot.bytes(), write, snapshot.bytes(), read);
            }
            return new ZramResult(device.toString(), algorithm, pages, mmStat, speeds.throughput(), mismatches,
                    firstMismatch);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new ZramUnavailableException("I/O on " + device + " failed: " + cause, cause);
        }
    }

    /** Writes pages {@code [from, to)} from {@code pages} to their place on the device, or reads them into it. */
    private static void io(FileChannel ch, ByteBuffer pages, int from, int to, boolean write) {
        try {
            for (int p = from; p < to; p += IO_PAGES) {
                select(pages, p, Math.min(IO_PAGES, to - p));
                long at = (long) p * PAGE_SIZE;
                while (pages.hasRemaining()) {
                    int n = write ? ch.write(pages, at) : ch.read(pages, at);
                    if (n < 0) {
                        throw new IOException("the device ends at " + at + " bytes, before page " + to);
                    }
                    at += n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * O_DIRECT, so that writes reach zram now and reads come from zram, not the page cache. The JDK offers
     * it only as com.sun.nio.file.ExtendedOpenOption.DIRECT, looked up at run time: javac flags the
     * compile-time reference as internal API, and a JDK without it is then a clear error, not a crash.
     */
    private static OpenOption directIo() {
        try {
            return (OpenOption) Class.forName("com.sun.nio.file.ExtendedOpenOption").getField("DIRECT").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ZramUnavailableException("this JDK cannot open files with O_DIRECT: " + e, e);
        }
    }

    private String readAttribute(String name) {
        try {
            return Files.readString(sysfs.resolve(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ZramUnavailableException("cannot read " + sysfs.resolve(name) + ": " + OsErrors.reason(e), e);
        }
    }

    private void writeAttribute(String name, String value) {
        try {
            Files.writeString(sysfs.resolve(name), value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ZramUnavailableException("cannot write '" + value + "' to " + sysfs.resolve(name) + ": "
                    + OsErrors.reason(e), e);
        }
    }
}
