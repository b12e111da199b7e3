package dev.acomp.cli.report;

import dev.acomp.cli.JsonWriter;
import dev.acomp.cli.run.LatencyHistogram;
import dev.acomp.cli.run.RunResult;
import dev.acomp.cli.zram.ZramMmStat;
import dev.acomp.cli.zram.ZramResult;
import dev.acomp.zswap.ZswapCounter;
import dev.acomp.zswap.ZswapStats;

/**
 * The reports as JSON. Member names are snake_case, the engine's counters under their zswap names
 * ({@link ZswapCounter}), zram's as in mm_stat; sizes in bytes, speeds in MB/s (10^6 bytes), latencies in
 * microseconds.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** One run as one object. */
    public static String run(RunResult r) {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb).beginObject();
        members(json, r);
        json.endObject().finish();
        return sb.toString();
    }

    /**
     * A comparison: the runs under "drivers", zram's under "kernel_zram", each with its "round"; ours over
     * the kernel's under "against_kernel_zram" (store, load, effective: the medians of the rounds' ratios;
     * store_cpu, load_cpu: of the kernel's CPU time per page over ours; store_each, load_each: each round's;
     * threads: on each side).
     */
    public static String comparison(Comparison c) {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb).beginObject()
                .name("source").value(c.source())
                .name("verified").value(c.verified())
                .name("rounds").value(c.rounds().size())
                .name("drivers").beginArray();
        for (int i = 0; i < c.rounds().size(); i++) {
            for (RunResult r : c.rounds().get(i).runs()) {
                members(json.beginObject().name("round").value(i + 1), r);
                json.endObject();
            }
        }
        json.endArray().name("failures").beginArray();
        for (String f : c.failures()) {
            json.value(f);
        }
        json.endArray().name("skipped").beginArray();
        for (String s : c.skipped()) {
            json.value(s);
        }
        json.endArray().name("kernel_zram").beginArray();
        for (int i = 0; i < c.rounds().size(); i++) {
            for (Comparison.KernelPair p : c.rounds().get(i).kernel()) {
                zram(json.beginObject().name("round").value(i + 1), p.kernel());
                json.endObject();
            }
        }
        json.endArray().name("kernel_zram_skipped").beginArray();
        for (String s : c.zramSkipped()) {
            json.value(s);
        }
        json.endArray().name("against_kernel_zram").beginArray();
        for (Comparison.KernelRatios k : c.againstKernel()) {
            json.beginObject().name("algorithm").value(k.algorithm()).name("driver").value(k.driver())
                    .name("rounds").value(k.pairs().size()).name("threads").value(k.threads())
                    .name("store").value(k.storeRatio())
                    .name("load").value(k.loadRatio())
                    .name("effective").value(k.effectiveRatio())
                    .name("effective_with_table").value(k.effectiveRatioWithTable())
                    .name("store_cpu").value(k.storeCpuRatio())
                    .name("load_cpu").value(k.loadCpuRatio());
            values(json.name("store_each"), k.each(Comparison.KernelPair::storeRatio));
            values(json.name("load_each"), k.each(Comparison.KernelPair::loadRatio));
            json.endObject();
        }
        json.endArray().endObject().finish();
        return sb.toString();
    }

    private static void values(JsonWriter json, double[] values) {
        json.beginArray();
        for (double v : values) {
            json.value(v);
        }
        json.endArray();
    }

    /**
     * A run's figures, then every {@link ZswapCounter} after the store phase under zswap's names, and again
     * at the end of the run under "at_end".
     */
    private static void members(JsonWriter json, RunResult r) {
        ZswapStats s = r.stored();
        json.name("driver").value(r.driver())
                .name("source").value(r.source())
                .name("pages").value(r.pages())
                .name("original_bytes").value(r.originalBytes())
                .name("metadata_bytes_per_page").value(s.metadataBytesPerStoredPage())
                .name("rejected_pages").value(r.rejectedPages())
                .name("compression_ratio").value(r.compressionRatio())
                .name("effective_ratio").value(r.effectiveRatio())
                .name("effective_ratio_pool_only").value(r.effectiveRatioPoolOnly())
                .name("effective_ratio_before_recompress").value(r.effectiveRatioBeforeRecompress())
                .name("pool_limit_bytes").value(r.poolLimitBytes())
                .name("backing_file").value(r.backingFile())
                .name("threads").value(r.threads())
                .name("access").value(r.access().label())
                .name("engine_loads").value(r.engineLoads())
                .name("caller_loads").value(r.callerLoads())
                .name("store_mb_per_s").value(r.storeMBps())
                .name("load_mb_per_s").value(r.loadMBps())
                .name("cold_store_mb_per_s").value(r.speeds().coldStoreMBps())
                .name("cold_load_mb_per_s").value(r.speeds().coldLoadMBps())
                .name("passes").value(r.speeds().passes())
                .name("warmup_passes").value(r.speeds().warmups())
                .name("store_cpu_us_per_page").value(r.speeds().storeCpuMicros())
                .name("load_cpu_us_per_page").value(r.speeds().loadCpuMicros())
                .name("pid").value(r.pid());
        latency(json, "store", r.storeLatency());
        latency(json, "load", r.loadLatency());
        counters(json, s);
        counters(json.name("at_end").beginObject(), r.atEnd());
        json.endObject();
        json.name("folio_mix").beginObject();
        r.folioMix().forEach((size, count) -> json.name(Integer.toString(size)).value(count));
        json.endObject()
                .name("swept_pages").value(r.sweptPages())
                .name("mismatches").value(r.mismatches())
                .name("load_failures").value(r.loadFailures())
                .name("first_problem").value(r.firstProblem())
                .name("verified").value(r.verified());
    }

    private static void counters(JsonWriter json, ZswapStats s) {
        s.counters().forEach((c, v) -> json.name(c.zswapName()).value(v));
    }

    private static void latency(JsonWriter json, String what, LatencyHistogram h) {
        json.name(what + "_p50_us").value(Units.micros(h.percentile(50)))
                .name(what + "_p99_us").value(Units.micros(h.percentile(99)))
                .name(what + "_p999_us").value(Units.micros(h.percentile(99.9)));
    }

    private static void zram(JsonWriter json, ZramResult z) {
        ZramMmStat m = z.mmStat();
        json.name("device").value(z.device())
                .name("algorithm").value(z.algorithm())
                .name("pages").value(z.pages())
                .name("original_bytes").value(z.originalBytes())
                .name("orig_data_size").value(m.origDataSize())
                .name("compr_data_size").value(m.comprDataSize())
                .name("mem_used_total").value(m.memUsedTotal())
                .name("same_pages").value(m.samePages())
                .name("huge_pages").value(m.hugePages())
                .name("compression_ratio").value(z.compressionRatio())
                .name("effective_ratio").value(z.effectiveRatio())
                .name("table_bytes").value(z.tableBytes())
                .name("metadata_bytes_per_page").value(ZramResult.TABLE_BYTES_PER_SLOT)
                .name("effective_ratio_with_table").value(z.effectiveRatioWithTable())
                .name("write_mb_per_s").value(z.writeMBps())
                .name("read_mb_per_s").value(z.readMBps())
                .name("cold_write_mb_per_s").value(z.speeds().coldStoreMBps())
                .name("cold_read_mb_per_s").value(z.speeds().coldLoadMBps())
                .name("passes").value(z.speeds().passes())
                .name("warmup_passes").value(z.speeds().warmups())
                .name("write_cpu_us_per_page").value(z.speeds().storeCpuMicros())
                .name("read_cpu_us_per_page").value(z.speeds().loadCpuMicros())
                .name("mismatches").value(z.mismatches())
                .name("verified").value(z.verified());
    }
}
