#!/usr/bin/env bash
# A memory image of a live heap, for `zswap bench|run|compare --source`: starts a JVM holding HashMaps or a
# Python process holding dicts (string, number and list values, fixed seed), waits until it is built, then
# writes the process's private writable anonymous memory (its heap) page by page, zero pages left out (zram
# and zswap store those as same-filled), until the image has its size. Every command then measures the same
# pages, where `--source pid:PID` would read a heap that the collector moves meanwhile.
#
# Root (it reads /proc/PID/mem), never part of the tests; the process is killed on exit, also on failure.
#
#   benchmarks/heap-image.sh --kind jvm|python [--mib 400] OUT
set -euo pipefail

kind= mib=400 out=
while [ $# -gt 0 ]; do
  case $1 in
    --kind) kind=$2; shift 2 ;; --mib) mib=$2; shift 2 ;;
    -*) echo "heap-image.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$out" ] || { echo "heap-image.sh: one OUT file, not also $1" >&2; exit 2; }; out=$1; shift ;;
  esac
done
[ -n "$out" ] || { echo "heap-image.sh: usage: heap-image.sh --kind jvm|python [--mib 400] OUT" >&2; exit 2; }
[[ $mib =~ ^[1-9][0-9]*$ ]] || { echo "heap-image.sh: --mib $mib is not a positive whole number" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "heap-image.sh: needs root (/proc/PID/mem)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "heap-image.sh: python3 is not installed" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# About 1.6 times the image in live objects, so that the image is heap, not the runtime's own memory.
case $kind in
  jvm)
    command -v java >/dev/null || { echo "heap-image.sh: java is not on the PATH" >&2; exit 2; }
    cat > "$work/Heap.java" <<'EOF'
import java.util.*;

public class Heap {
    public static void main(String[] args) throws Exception {
        Random r = new Random(42);
        List<Map<String, Object>> keep = new ArrayList<>();
        for (int i = 0, n = Integer.parseInt(args[0]); i < n; i++) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", (long) i);
            m.put("name", "user-" + r.nextInt(100000));
            m.put("score", r.nextDouble());
            m.put("tags", List.of("t" + r.nextInt(50), "t" + r.nextInt(50)));
            keep.add(m);
        }
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
        System.out.println(keep.size());
    }
}
EOF
    java -Xms$((mib * 5 / 2))m -Xmx$((mib * 5 / 2))m "$work/Heap.java" $((mib * 3750)) > "$work/ready" 2>&1 &
    ;;
  python)
    cat > "$work/heap.py" <<'EOF'
import random, sys, time
random.seed(42)
keep = [{"id": i, "name": "user-%d" % random.randrange(100000), "score": random.random(),
         "tags": ["t%d" % random.randrange(50), "t%d" % random.randrange(50)]} for i in range(int(sys.argv[1]))]
print("ready", flush=True)
time.sleep(1e9)
EOF
    python3 "$work/heap.py" $((mib * 3000)) > "$work/ready" 2>&1 &
    ;;
  *) echo "heap-image.sh: --kind is jvm or python, not '$kind'" >&2; exit 2 ;;
esac
pid=$!
until grep -q ready "$work/ready"; do
  kill -0 "$pid" 2>/dev/null || { echo "heap-image.sh: the $kind workload ended:" >&2; cat "$work/ready" >&2; exit 1; }
  sleep 1
done

python3 - "$pid" "$out" "$mib" <<'EOF'
import os, sys

pid, out, mib = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
PAGE = 4096

def heap_pages():
    """The process's non-zero pages of private, writable, anonymous memory (no file, or the brk heap)."""
    with open("/proc/%d/maps" % pid) as maps, open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw") or fields[1][3] != "p" or (len(fields) > 5 and fields[5] != "[heap]"):
                continue
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            for address in range(lo, hi, PAGE):
                mem.seek(address)
                try:
                    page = mem.read(PAGE)
                except OSError:
                    continue
                if len(page) == PAGE and page != zero:
                    yield page

want, zero, pages = mib * 256, bytes(PAGE), 0
with open(out, "wb") as image:
    for page in heap_pages():
        image.write(page)
        pages += 1
        if pages == want:
            break
if pages < want:
    os.remove(out)
    sys.exit("heap-image.sh: the process had only %d non-zero pages, fewer than --mib %d asks" % (pages, mib))
print("%s: %d pages (%d MiB)" % (out, pages, mib))
EOF
