package dev.acomp.cli.report;

import static dev.acomp.cli.report.Units.bytes;
import static dev.acomp.cli.report.Units.fixed;
import static dev.acomp.cli.report.Units.micros;
import static dev.acomp.zswap.ZswapCounter.COMPRESSED_BYTES;
import static dev.acomp.zswap.ZswapCounter.METADATA_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_RESERVED_BYTES;
import static dev.acomp.zswap.ZswapCounter.POOL_TOTAL_SIZE;
import static dev.acomp.zswap.ZswapCounter.RECOMPRESSED_BYTES_SAVED;
import static dev.acomp.zswap.ZswapCounter.RECOMPRESSED_PAGES;
import static dev.acomp.zswap.ZswapCounter.SAME_FILLED_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_INCOMPRESSIBLE_PAGES;
import static dev.acomp.zswap.ZswapCounter.STORED_PAGES;
import static dev.acomp.zswap.ZswapCounter.WRITTEN_BACK_PAGES;

import dev.acomp.cli.TextTable;
import dev.acomp.cli.run.LatencyHistogram;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapStats;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;

/** The reports as text for a terminal. MB = 10^6 bytes; latencies in microseconds. */
public final class TextReport {
    private static final int COUNTERS_PER_LINE = 4;
    /** What a CPU figure is, said once for every report that prints one. */
    static final String CPU_NOTE = "the threads' CPU time over the pages, median pass; unlike MB/s it leaves"
            + " out any wait for a CPU, so a busy host moves it less";

    private TextReport() {
    }

    /** One run: every figure, one subject per line. */
    public static void printRun(RunResult r, PrintStream out) {
        ZswapStats s = r.stored();
        ZswapStats end = r.atEnd();
        out.println("source       " + r.source());
        out.println("engine       " + r.driver() + ", " + r.threads() + " thread(s), pool limit "
                + (r.poolLimitBytes() > 0 ? bytes(r.poolLimitBytes()) : "none")
                + (r.backingFile() != null ? ", backing file " + r.backingFile() : ", no backing file"));
        out.println("pages        " + r.pages() + " (" + bytes(r.originalBytes()) + ") in " + folios(r.folioMix()));
        out.println("stored       " + s.get(STORED_PAGES) + " pages, " + s.get(SAME_FILLED_PAGES) + " same-filled, "
                + s.get(STORED_INCOMPRESSIBLE_PAGES) + " incompressible; " + r.rejectedPages()
                + " rejected and kept by the caller");
        out.println("compression  ratio " + fixed(r.compressionRatio(), 3) + " (" + s.get(COMPRESSED_BYTES)
                + " compressed bytes), effective " + fixed(r.effectiveRatio(), 3) + " (pool " + s.get(POOL_TOTAL_SIZE)
                + " + metadata " + s.get(METADATA_BYTES) + " bytes, " + fixed(s.metadataBytesPerStoredPage(), 1)
                + " per page; arenas reserved " + s.get(POOL_RESERVED_BYTES) + ")");
        if (r.beforeRecompress() != null) {
            out.println("recompress   " + s.get(RECOMPRESSED_PAGES) + " idle pages made smaller, "
                    + s.get(RECOMPRESSED_BYTES_SAVED) + " bytes saved; effective "
                    + fixed(r.effectiveRatioBeforeRecompress(), 3) + " before, " + fixed(r.effectiveRatio(), 3)
                    + " after");
        }
        out.println("throughput   store " + fixed(r.storeMBps(), 1) + " MB/s, load " + fixed(r.loadMBps(), 1)
                + " MB/s, steady state (median of " + r.speeds().passes() + " passes after "
                + r.speeds().warmups() + " warm-up passes; "
                + r.access().label() + ", " + r.engineLoads() + " loads from the engine, " + r.callerLoads()
                + " from the caller's copy per pass)");
        out.println("cold         store " + fixed(r.speeds().coldStoreMBps(), 1) + " MB/s, load "
                + fixed(r.speeds().coldLoadMBps(), 1) + " MB/s (the first pass, into an empty pool)");
        out.println("cpu          store " + micros(r.speeds().storeCpuMicros()) + " us, load "
                + micros(r.speeds().loadCpuMicros()) + " us per page, steady state (" + CPU_NOTE + ")");
        out.println("store        " + latency(r.storeLatency()) + " per page, steady passes");
        out.println("load         " + latency(r.loadLatency()) + ", steady passes");
        counters("counters     ", end, out);
        out.println("verified     " + verification(r));
    }

    /** Several runs (and zram) side by side, one row each. */
    public static void printComparison(Comparison c, PrintStream out) {
        out.println("source: " + c.source() + "; MB = 10^6 bytes, latency in microseconds; STORE and LOAD are the"
                + " steady state (median pass after a warm-up that lasts until the JIT is quiet), COLD the first pass");
        TextTable table = new TextTable("DRIVER", "RATIO", "EFFECTIVE", "POOL ONLY", "META B/PAGE", "STORE MB/s",
                "LOAD MB/s", "STORE CPU", "LOAD CPU", "COLD STORE", "COLD LOAD", "LOAD p50", "LOAD p99", "LOAD p999",
                "REJECTED", "WRITTEN BACK", "VERIFIED");
        for (Comparison.Round round : c.rounds()) {
            for (RunResult r : round.runs()) {
                LatencyHistogram l = r.loadLatency();
                table.row(c.label(r), fixed(r.compressionRatio(), 3), fixed(r.effectiveRatio(), 3),
                        fixed(r.effectiveRatioPoolOnly(), 3), fixed(r.stored().metadataBytesPerStoredPage(), 1),
                        fixed(r.storeMBps(), 1), fixed(r.loadMBps(), 1), micros(r.speeds().storeCpuMicros()),
                        micros(r.speeds().loadCpuMicros()), fixed(r.speeds().coldStoreMBps(), 1),
                        fixed(r.speeds().coldLoadMBps(), 1), micros(micros(l.percentile(50))),
                        micros(micros(l.percentile(99))), micros(micros(l.percentile(99.9))), r.rejectedPages(),
                        r.atEnd().get(WRITTEN_BACK_PAGES), r.verified() ? "yes" : "NO");
            }
            for (Comparison.KernelPair p : round.kernel()) {
                ZramResult z = p.kernel();
                table.row(c.label(z), fixed(z.compressionRatio(), 3), fixed(z.effectiveRatioWithTable(), 3),
                        fixed(z.effectiveRatio(), 3), fixed(ZramResult.TABLE_BYTES_PER_SLOT, 1),
                        fixed(z.writeMBps(), 1), fixed(z.readMBps(), 1), micros(z.speeds().storeCpuMicros()),
                        micros(z.speeds().loadCpuMicros()), fixed(z.speeds().coldStoreMBps(), 1),
                        fixed(z.speeds().coldLoadMBps(), 1), "-", "-", "-", "-", "-", z.verified() ? "yes" : "NO");
            }
        }
        table.print(out);
        out.println("EFFECTIVE: page bytes over pool bytes plus metadata (ours: descriptors and allocator bookkeeping;"
                + " zram: mem_used_total plus its " + ZramResult.TABLE_BYTES_PER_SLOT + " B/slot table); POOL ONLY:"
                + " over pool bytes alone (zram: mem_used_total, the kernel's own figure); STORE CPU and LOAD CPU:"
                + " microseconds per page, " + CPU_NOTE);
        for (Comparison.KernelRatios k : c.againstKernel()) {
            out.println(againstKernel(k, c.rounds().size()));
        }
        for (ZramResult z : c.zram()) {
            out.println(c.label(z) + " mm_stat: orig_data_size " + z.mmStat().origDataSize()
                    + ", compr_data_size " + z.mmStat().comprDataSize() + ", mem_used_total "
                    + z.mmStat().memUsedTotal() + ", same_pages " + z.mmStat().samePages() + ", huge_pages "
                    + z.mmStat().hugePages() + (z.firstMismatch() != null ? "; " + z.firstMismatch() : ""));
        }
        for (RunResult r : c.runs()) {
            if (!r.verified()) {
                out.println(r.driver() + ": " + verification(r));
            }
        }
        for (String f : c.failures()) {
            out.println("FAILED " + f);
        }
        for (String s : c.skipped()) {
            out.println("skipped " + s);
        }
        for (String z : c.zramSkipped()) {
            out.println("kernel zram skipped: " + z);
        }
    }

    /** Ours over the kernel's zram, steady state: the medians of the rounds' ratios, and their range. */
    static String againstKernel(Comparison.KernelRatios k, int rounds) {
        String of = k.pairs().size() > 1 ? "median of " + k.pairs().size() + " rounds"
                : rounds == 1 ? "one round; --rounds N gives the median of N" : "one round";
        return k.driver() + " over kernel zram " + k.algorithm() + ", " + k.threads() + " thread(s) each (" + of
                + "): store "
                + times(k.storeRatio(), k.each(Comparison.KernelPair::storeRatio)) + ", load "
                + times(k.loadRatio(), k.each(Comparison.KernelPair::loadRatio)) + "; effective ratio "
                + fixed(k.effectiveRatio(), 3) + "x (the kernel's mem_used_total alone), "
                + fixed(k.effectiveRatioWithTable(), 3) + "x (its slot table counted); CPU per page, the kernel's"
                + " over ours: store " + times(k.storeCpuRatio(), k.each(Comparison.KernelPair::storeCpuRatio))
                + ", load " + times(k.loadCpuRatio(), k.each(Comparison.KernelPair::loadCpuRatio));
    }

    /** A ratio, and the range of the rounds' ones when there are several. */
    private static String times(double median, double[] each) {
        String ratio = fixed(median, 3) + "x";
        if (each.length == 1) {
            return ratio;
        }
        double[] sorted = each.clone();
        Arrays.sort(sorted);
        return ratio + " (" + fixed(sorted[0], 3) + "-" + fixed(sorted[sorted.length - 1], 3) + ")";
    }

    /** Every counter at the end of the run under its zswap name, a few to a line. */
    private static void counters(String label, ZswapStats s, PrintStream out) {
        StringJoiner line = new StringJoiner(", ", label, "");
        int onLine = 0;
        for (Map.Entry<ZswapCounter, Long> e : s.counters().entrySet()) {
            if (onLine == COUNTERS_PER_LINE) {
                out.println(line);
                line = new StringJoiner(", ", " ".repeat(label.length()), "");
                onLine = 0;
            }
            line.add(e.getKey().zswapName() + " " + e.getValue());
            onLine++;
        }
        out.println(line);
    }

    private static String folios(Map<Integer, Integer> mix) {
        StringJoiner j = new StringJoiner(", ", "folios of ", "");
        mix.forEach((size, count) -> j.add(count + " x " + size));
        return j.toString() + " pages";
    }

    private static String latency(LatencyHistogram h) {
        return "p50 " + micros(micros(h.percentile(50))) + " us, p99 " + micros(micros(h.percentile(99)))
                + " us, p999 " + micros(micros(h.percentile(99.9))) + " us, max " + micros(micros(h.max())) + " us ("
                + h.count() + ")";
    }

    private static String verification(RunResult r) {
        String counts = r.sweptPages() + " of " + r.pages() + " pages swept, " + r.mismatches() + " mismatches, "
                + r.loadFailures() + " failed loads";
        return (r.verified() ? "every page: " : "FAILED: ") + counts
                + (r.firstProblem() != null ? "; first: " + r.firstProblem() : "");
    }
}
