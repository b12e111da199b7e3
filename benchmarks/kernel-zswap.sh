#!/usr/bin/env bash
# The kernel's peer of `zswap usemem`: the same workload on plain anonymous memory (`usemem --plain`) in a
# memory cgroup (v1) limited to the same resident size, swapping to a swapfile through the kernel's zswap.
#
# Opt-in, root only, never part of the tests. It borrows a swapfile, zswap's parameters, a cgroup and
# (if not mounted) debugfs, and gives all of them back on exit, also on failure or Ctrl-C.
#
#   benchmarks/kernel-zswap.sh [--compressor lzo|lzo-rle|deflate] [--size 256M] [--resident 25%]
#                              [--content FILE] [--access seq|random] [--threads N] [--passes N]
#                              [--json FILE] [--jar zswap-cli/target/zswap.jar] [--java-opts "-Xmx128m"]
#                              [--page-cluster N]
#
# The cgroup's limit is the resident size plus the JVM's own footprint, measured first by a tiny run in the
# same cgroup without a limit, so that the workload's pages get the resident size, as the region's do.
# Memory used is the peak of the cgroup's usage plus zswap's pool (debugfs pool_total_size), sampled.
# --page-cluster sets vm.page-cluster (swap readahead of 2^N pages) for the run: at 3, the default, random
# access at a 25% limit was OOM-killed in the cgroup here (lzo and deflate); at 0 it ran.
set -euo pipefail

compressor=lzo size=256M resident=25% access=seq threads=2 passes=3 json=
# A fixed heap ceiling, so that the JVM's footprint measured first stays what it is in the run.
java_opts=-Xmx128m
page_cluster=
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/zswap-cli/target/zswap.jar
content=${ACOMP_SHARED_DIR:-$here/../shared}/data/memory/python-heap-16m.img
while [ $# -gt 0 ]; do
  case $1 in
    --compressor) compressor=$2 ;; --size) size=$2 ;; --resident) resident=$2 ;; --content) content=$2 ;;
    --access) access=$2 ;; --threads) threads=$2 ;; --passes) passes=$2 ;; --json) json=$2 ;; --jar) jar=$2 ;;
    --java-opts) java_opts=$2 ;; --page-cluster) page_cluster=$2 ;;
    *) echo "kernel-zswap.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

[ "$(id -u)" = 0 ] || { echo "kernel-zswap.sh: needs root (swapon, zswap parameters, cgroups)" >&2; exit 2; }
zswap=/sys/module/zswap/parameters
cgroot=/sys/fs/cgroup/memory
[ -d "$zswap" ] || { echo "kernel-zswap.sh: this kernel has no zswap" >&2; exit 2; }
[ -f "$cgroot/memory.limit_in_bytes" ] || { echo "kernel-zswap.sh: no cgroup v1 memory controller at $cgroot" >&2; exit 2; }
grep -q "^name *: $compressor\$" /proc/crypto || modprobe "$compressor" 2>/dev/null || true
grep -q "^name *: $compressor\$" /proc/crypto || { echo "kernel-zswap.sh: the crypto API has no $compressor" >&2; exit 2; }
[ -f "$jar" ] || { echo "kernel-zswap.sh: $jar missing: mvn -B -q -DskipTests package" >&2; exit 2; }
[ -f "$content" ] || { echo "kernel-zswap.sh: --content $content missing" >&2; exit 2; }

bytes() { # 256M, 1G, 4096 -> bytes
  local v=${1^^}
  case $v in *K) echo $(( ${v%K} << 10 )) ;; *M) echo $(( ${v%M} << 20 )) ;; *G) echo $(( ${v%G} << 30 )) ;; *) echo "$v" ;; esac
}
size_bytes=$(bytes "$size")
case $resident in
  *%) resident_bytes=$(( size_bytes * ${resident%\%} / 100 )) ;;
  *) resident_bytes=$(bytes "$resident") ;;
esac

# --- what is borrowed, and its return ---------------------------------------------------------------
saved_enabled=$(cat $zswap/enabled) saved_compressor=$(cat $zswap/compressor)
saved_pool=$(cat $zswap/max_pool_percent) saved_shrinker=$(cat $zswap/shrinker_enabled 2>/dev/null || echo)
saved_page_cluster=$(cat /proc/sys/vm/page-cluster)
swapfile=$(mktemp /var/tmp/kernel-zswap.XXXXXX)
cg=$cgroot/acomp-usemem-$$
mounted_debugfs= sampler= child=
restore() {
  set +e
  [ -n "$child" ] && kill -9 "$child" 2>/dev/null && wait "$child" 2>/dev/null
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null
  if [ -d "$cg" ]; then
    for p in $(cat "$cg/tasks" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    sleep 0.2
    rmdir "$cg"
  fi
  grep -q "^$swapfile " /proc/swaps && swapoff "$swapfile"
  rm -f "$swapfile" "${peakfile:-}"
  echo "$saved_compressor" > $zswap/compressor
  echo "$saved_pool" > $zswap/max_pool_percent
  [ -n "$saved_shrinker" ] && echo "$saved_shrinker" > $zswap/shrinker_enabled
  echo "$saved_enabled" > $zswap/enabled
  echo "$saved_page_cluster" > /proc/sys/vm/page-cluster
  [ -n "$mounted_debugfs" ] && umount /sys/kernel/debug
  echo "kernel-zswap.sh: restored zswap (enabled=$(cat $zswap/enabled) compressor=$(cat $zswap/compressor)), page-cluster $(cat /proc/sys/vm/page-cluster), swap and cgroup" >&2
}
trap restore EXIT
trap 'exit 130' INT TERM

if ! mountpoint -q /sys/kernel/debug; then
  mount -t debugfs none /sys/kernel/debug && mounted_debugfs=1
fi
pool=/sys/kernel/debug/zswap/pool_total_size

# A swapfile large enough for every page: zswap stores in front of it, and writes back to it when full.
fallocate -l $(( size_bytes + (64 << 20) )) "$swapfile"
chmod 600 "$swapfile"
mkswap -q "$swapfile"
swapon "$swapfile"
echo "$compressor" > $zswap/compressor
echo Y > $zswap/enabled
[ -n "$page_cluster" ] && echo "$page_cluster" > /proc/sys/vm/page-cluster

mkdir "$cg"
echo 100 > "$cg/memory.swappiness"

usemem() { # runs zswap usemem --plain in the cgroup, in the background; sets child
  # shellcheck disable=SC2086 # java_opts is a list of options
  sh -c 'echo $$ > "$1/tasks"; shift; exec "$@"' sh "$cg" java $java_opts -jar "$jar" usemem --plain "$@" &
  child=$!
}

# The JVM's own footprint: a tiny run, no limit.
usemem --size 4M --content "$content" --threads "$threads" --passes 1 >/dev/null
wait "$child"; child=
jvm_bytes=$(( $(cat "$cg/memory.max_usage_in_bytes") - (4 << 20) ))
limit=$(( resident_bytes + jvm_bytes ))
echo "$limit" > "$cg/memory.limit_in_bytes"
echo 0 > "$cg/memory.max_usage_in_bytes"

vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
zswpout0=$(vm zswpout) zswpin0=$(vm zswpin) pswpout0=$(vm pswpout) pswpin0=$(vm pswpin)
peakfile=$(mktemp)
( peak=0
  while :; do
    u=$(( $(cat "$cg/memory.usage_in_bytes") + $(cat $pool 2>/dev/null || echo 0) ))
    [ "$u" -gt "$peak" ] && peak=$u && echo "$peak" > "$peakfile"
    sleep 0.1
  done ) &
sampler=$!

echo "kernel zswap ($compressor, page-cluster $(cat /proc/sys/vm/page-cluster)): usemem --plain --size $size, cgroup limit $(( limit >> 20 )) MiB = resident $(( resident_bytes >> 20 )) MiB + JVM $(( jvm_bytes >> 20 )) MiB" >&2
out=$(mktemp)
usemem --size "$size" --content "$content" --threads "$threads" --passes "$passes" --access "$access" \
  ${json:+--json "$json.usemem"} > "$out"
status=0
wait "$child" || status=$?
child=
oom=$(awk '$1 == "oom_kill" { print $2 }' "$cg/memory.oom_control")
[ "${oom:-0}" -gt 0 ] && echo "kernel: the workload was OOM-killed in the cgroup ($oom): the kernel could not keep it under the limit" >&2
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=
cat "$out"; rm -f "$out"
peak=$(cat "$peakfile" 2>/dev/null || echo 0)
echo "kernel: zswpout $(( $(vm zswpout) - zswpout0 )), zswpin $(( $(vm zswpin) - zswpin0 )), pswpout $(( $(vm pswpout) - pswpout0 )), pswpin $(( $(vm pswpin) - pswpin0 )), cgroup failcnt $(cat "$cg/memory.failcnt")"
echo "kernel: memory used (peak cgroup usage + zswap pool) $(( peak >> 20 )) MiB, of which the JVM $(( jvm_bytes >> 20 )) MiB"
if [ -n "$json" ] && [ -f "$json.usemem" ]; then
  # The workload's JSON, with the kernel's figures beside it.
  { sed '$d' "$json.usemem" | sed '$s/$/,/'
    printf '  "kernel_page_cluster": %d,\n' "$(cat /proc/sys/vm/page-cluster)"
    printf '  "kernel_compressor": "%s",\n  "kernel_memory_used_bytes": %d,\n  "kernel_jvm_bytes": %d,\n' "$compressor" "$peak" "$jvm_bytes"
    printf '  "kernel_zswpout": %d,\n  "kernel_zswpin": %d,\n  "kernel_pswpout": %d\n}\n' \
      $(( $(vm zswpout) - zswpout0 )) $(( $(vm zswpin) - zswpin0 )) $(( $(vm pswpout) - pswpout0 ))
  } > "$json"
  rm -f "$json.usemem"
fi
exit "$status"
