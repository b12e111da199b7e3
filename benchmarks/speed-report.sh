#!/usr/bin/env bash
# The engine's speed on one image, as its users compare it, every figure from this one run: `zswap compare
# --kernel-zram` at 1 and 2 threads (ours over the kernel's zram, median of the rounds), `zswap bench` (the
# codec through the acomp API) and `zswap run` at 1 and 2 threads, then what they say together: run over
# bench, 2 threads over 1, the store's p99 over its p50.
#
# Opt-in, root only, never part of the tests: compare borrows an unused /dev/zram0 and resets it, also on
# failure. The commands run one after another under `nice -n -10`; nothing else should run meanwhile.
#
#   benchmarks/speed-report.sh [--source IMG] [--driver lz4] [--rounds 3] [--jar zswap-cli/target/zswap.jar]
#                              [--keep DIR]
#
# --keep DIR keeps each command's report and JSON there (else they go with a temporary directory).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
source_img=${ACOMP_SHARED_DIR:-$here/../shared}/data/memory/python-heap-16m.img
driver=lz4 rounds=3 jar=$here/zswap-cli/target/zswap.jar keep=
while [ $# -gt 0 ]; do
  case $1 in
    --source) source_img=$2 ;; --driver) driver=$2 ;; --rounds) rounds=$2 ;; --jar) jar=$2 ;; --keep) keep=$2 ;;
    *) echo "speed-report.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

[ "$(id -u)" = 0 ] || { echo "speed-report.sh: needs root (the kernel's zram)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "speed-report.sh: python3 is not installed" >&2; exit 2; }
[ -f "$jar" ] || { echo "speed-report.sh: $jar missing: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -r "$source_img" ] || { echo "speed-report.sh: --source $source_img cannot be read" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$work"/* "$keep"/ && echo "kept in $keep"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# One command: its report in NAME.txt, its JSON in NAME.json; its report shown when it fails.
zswap() {
  local name=$1
  shift
  echo "$(date +%T) zswap $1 ($name)" >&2
  nice -n -10 java -jar "$jar" "$@" --source "$source_img" --json "$work/$name.json" > "$work/$name.txt" 2>&1 \
    || { cat "$work/$name.txt" >&2; exit 1; }
}
for t in 1 2; do
  zswap compare-t$t compare --kernel-zram --drivers "$driver" --rounds "$rounds" --threads "$t"
done
zswap bench bench --driver "$driver"
for t in 1 2; do
  zswap run-t$t run --driver "$driver" --threads "$t"
done

python3 - "$work" "$source_img" <<'EOF'
import json, os, sys

work, source = sys.argv[1], sys.argv[2]
def read(name):
    return json.load(open(os.path.join(work, name + ".json")))

bench = read("bench")["drivers"][0]
print("source %s, driver %s (compression ratio %.3f)" % (source, bench["driver"], bench["compression_ratio"]))
print("bench  store %.1f MB/s, load %.1f MB/s; CPU %.2f / %.2f us per page"
      % (bench["compress_mb_per_s"], bench["decompress_mb_per_s"], bench["compress_cpu_us_per_page"],
         bench["decompress_cpu_us_per_page"]))
for t in (1, 2):
    compare = read("compare-t%d" % t)
    pairs = compare["against_kernel_zram"]
    if not pairs:
        why = compare["kernel_zram_skipped"] + compare["skipped"] + compare["failures"]
        sys.exit("speed-report.sh: compare measured no pair: %s" % "; ".join(map(str, why)))
    p = pairs[0]
    print("compare, %d thread(s), ours over the kernel's zram (median of %d rounds, range): store %.3fx (%.3f-%.3f),"
          " load %.3fx (%.3f-%.3f); CPU per page, the kernel's over ours: store %.3fx, load %.3fx; effective ratio"
          " %.3fx" % (t, p["rounds"], p["store"], min(p["store_each"]), max(p["store_each"]), p["load"],
                      min(p["load_each"]), max(p["load_each"]), p["store_cpu"], p["load_cpu"], p["effective"]))
runs = {t: read("run-t%d" % t) for t in (1, 2)}
for t, r in runs.items():
    print("run, %d thread(s): store %.1f MB/s, load %.1f MB/s (cold %.1f / %.1f); CPU %.2f / %.2f us per page;"
          " store p50/p99/p999 %.2f/%.2f/%.2f us (p99/p50 %.2f); load %.2f/%.2f/%.2f us; verified %s"
          % (t, r["store_mb_per_s"], r["load_mb_per_s"], r["cold_store_mb_per_s"], r["cold_load_mb_per_s"],
             r["store_cpu_us_per_page"], r["load_cpu_us_per_page"], r["store_p50_us"], r["store_p99_us"],
             r["store_p999_us"], r["store_p99_us"] / r["store_p50_us"], r["load_p50_us"], r["load_p99_us"],
             r["load_p999_us"], "yes" if r["verified"] else "NO"))
one, two = runs[1], runs[2]
print("run over bench, 1 thread: store %.3f, load %.3f" % (one["store_mb_per_s"] / bench["compress_mb_per_s"],
                                                            one["load_mb_per_s"] / bench["decompress_mb_per_s"]))
print("run, 2 threads over 1: store %.3f, load %.3f" % (two["store_mb_per_s"] / one["store_mb_per_s"],
                                                       two["load_mb_per_s"] / one["load_mb_per_s"]))
EOF
