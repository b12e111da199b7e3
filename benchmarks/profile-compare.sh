#!/usr/bin/env bash
# Where the time of a `zswap compare --kernel-zram` run goes, ours and the kernel's zram's side by side:
# system-wide perf samples of the threads that measure (ours: zswap-run-N; the kernel's: zram-io-N, whose
# pwrite and pread run zram's store and load in the kernel), each sample put in its phase (store, load, a
# first touch of memory, or the untimed check) by its stack and split into the codec and everything else.
# With compare's CPU per page, that says how much of each side's store is the codec itself, and so how far
# removing everything else could take ours.
#
# Opt-in, root only, never part of the tests. It needs perf; compare borrows an unused /dev/zram0 and
# resets it, also on failure. The JVMs write /tmp/perf-PID.map (their JIT's symbols for perf); they are
# removed on exit.
#
#   benchmarks/profile-compare.sh [--source IMG] [--driver lz4] [--threads N] [--jar zswap-cli/target/zswap.jar]
#                                 [--keep DIR]
#
# --keep DIR keeps perf.data, its symbolised samples (samples.txt), compare's report and its JSON there (else
# they go with a temporary directory).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
source_img=${ACOMP_SHARED_DIR:-$here/../shared}/data/memory/python-heap-16m.img
driver=lz4 threads=1 jar=$here/zswap-cli/target/zswap.jar keep=
while [ $# -gt 0 ]; do
  case $1 in
    --source) source_img=$2 ;; --driver) driver=$2 ;; --threads) threads=$2 ;; --jar) jar=$2 ;; --keep) keep=$2 ;;
    *) echo "profile-compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

[ "$(id -u)" = 0 ] || { echo "profile-compare.sh: needs root (zram, system-wide perf)" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile-compare.sh: perf is not installed (linux-perf)" >&2; exit 2; }
for tool in python3 unzip; do
  command -v $tool >/dev/null || { echo "profile-compare.sh: $tool is not installed" >&2; exit 2; }
done
[ -f "$jar" ] || { echo "profile-compare.sh: $jar missing: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -r "$source_img" ] || { echo "profile-compare.sh: --source $source_img cannot be read" >&2; exit 2; }

work=$(mktemp -d)
before=$(ls /tmp/perf-*.map 2>/dev/null || true)
cleanup() {
  for map in /tmp/perf-*.map; do
    [ -e "$map" ] && ! grep -qxF "$map" <<<"$before" && rm -f "$map"
  done
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$work"/* "$keep"/ && echo "kept in $keep"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# lz4-java loads its library from java.library.path before it unpacks a temporary copy that perf cannot
# read once deleted: the jar's own copy, unpacked here, gives the codec's symbols.
mkdir -p "$work/lib"
arch=$(uname -m); [ "$arch" = x86_64 ] && arch=amd64
unzip -p "$jar" "net/jpountz/util/linux/$arch/liblz4-java.so" > "$work/lib/liblz4-java.so" || {
  rm -f "$work/lib/liblz4-java.so"
  echo "profile-compare.sh: $jar has no lz4-java library for $arch: its codec shows as [unknown]" >&2
}
# Compare's forked JVMs inherit these options.
jvm=(-Djava.library.path="$work/lib" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer)
perf record -q -a -g -F 999 -o "$work/perf.data" -- java "${jvm[@]}" -jar "$jar" compare --source "$source_img" \
  --kernel-zram --drivers "$driver" --threads "$threads" --rounds 1 --json "$work/compare.json" \
  > "$work/compare.txt" 2>&1 || { cat "$work/compare.txt" >&2; exit 1; }
grep -E "over kernel zram" "$work/compare.txt" || true
# Symbolised now: the JIT's maps are gone after the exit.
perf script -i "$work/perf.data" -F comm,ip,sym > "$work/samples.txt" 2>/dev/null
python3 - "$work/compare.json" "$work/samples.txt" <<'EOF'
import json, re, sys
from collections import Counter, defaultdict

# The algorithms both sides have (zram offers lz4, lzo, lzo-rle), in the kernel (LZ4_compress_fast_extState,
# lzo1x_1_do_compress, ...) and in the libraries (lz4-java and its JNI entry points, liblzo2).
CODEC = re.compile(r"^(LZ4_|lz4_|lzo|Java_net_jpountz_lz4_)", re.I)
DECODE = re.compile(r"decompress", re.I)
# The first phase with a mark anywhere in a stack is its phase: a page fault is memory touched for the first
# time (the cold pass; ours maps no new memory in the steady passes), the check calls the load.
PHASES = [("fault", ("exc_page_fault",)),
          ("check", ("PageWorker.verify", "PageWorker.sweep", "PageWorker.loadAndCheck", "ByteBuffer.mismatch")),
          ("store", ("pwrite", "PageWorker.store", "FolioStore.", "ZswapEngine.store")),
          ("load", ("pread", "PageWorker.load", "EntryLoad.", "ZswapEngine.load"))]
SIDES = [("ours", "zswap-run-"), ("kernel", "zram-io-")]

def side_of(comm):
    return next((s for s, prefix in SIDES if comm.startswith(prefix)), None)

def phase_of(frames):
    # A native codec has no frame pointers to walk: its own name says which way it works.
    if CODEC.match(short(frames[0])):
        return "load" if DECODE.search(frames[0]) else "store"
    for name, marks in PHASES:
        if any(m in f for f in frames for m in marks):
            return name
    return "other"

def short(sym):
    sym = re.sub(r"\(.*", "", sym).strip()
    return sym.split(" ")[-1] or "[unknown]"

samples = defaultdict(Counter)   # (side, phase) -> leaf -> count
comm, frames = None, []
def flush():
    side = side_of(comm or "")
    if side and frames:
        samples[(side, phase_of(frames))][short(frames[0])] += 1
for line in open(sys.argv[2]):
    if not line.strip():
        flush(); comm, frames = None, []
    elif not line[0].isspace():
        comm = line.split()[0] if line.split() else ""
    else:
        parts = line.strip().split(" ", 1)
        frames.append(parts[1] if len(parts) > 1 else "[unknown]")
flush()

compare = json.load(open(sys.argv[1]))
if not compare["kernel_zram"] or not compare["drivers"]:
    why = compare["kernel_zram_skipped"] + compare["skipped"] + compare["failures"]
    sys.exit("profile-compare.sh: compare measured no pair: %s" % "; ".join(map(str, why)))
# CPU per page by phase; compare names the kernel's by the device's writes and reads.
cpu = {"ours": {p: compare["drivers"][0][p + "_cpu_us_per_page"] for p in ("store", "load")},
       "kernel": {p: compare["kernel_zram"][0][io + "_cpu_us_per_page"]
                  for p, io in (("store", "write"), ("load", "read"))}}
print("%-7s %-6s %8s %7s  %-18s %s" % ("SIDE", "PHASE", "SAMPLES", "CODEC", "CODEC us/PAGE", "TOP OTHERS"))
codec_us = {}
for side, _ in SIDES:
    for phase in ("store", "load", "fault", "check", "other"):
        leaves = samples.get((side, phase))
        if not leaves:
            continue
        total = sum(leaves.values())
        codec = sum(n for sym, n in leaves.items() if CODEC.match(sym))
        per_page = "-"
        if phase in cpu[side]:
            codec_us[(side, phase)] = cpu[side][phase] * codec / total
            per_page = "%.2f of %.2f" % (codec_us[(side, phase)], cpu[side][phase])
        others = [(s, n) for s, n in leaves.most_common() if not CODEC.match(s)][:4]
        print("%-7s %-6s %8d %6.1f%%  %-18s %s" % (side, phase, total, 100.0 * codec / total, per_page,
              ", ".join("%s %.1f%%" % (s[-40:], 100.0 * n / total) for s, n in others)))
for phase in ("store", "load"):
    if codec_us.get(("ours", phase)) and ("kernel", phase) in codec_us:
        ours, kernel = cpu["ours"][phase], cpu["kernel"][phase]
        print("%s: the kernel over ours, CPU per page %.3fx, in the codec alone %.3fx; ours with nothing but the"
              " codec would be %.3fx the kernel" % (phase, kernel / ours,
              codec_us[("kernel", phase)] / codec_us[("ours", phase)], kernel / codec_us[("ours", phase)]))
EOF
