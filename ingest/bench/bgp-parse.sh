#!/usr/bin/env bash
# Parse rate of the MRT parser against bgpdump -m on the same files, in one run.
# Usage: ingest/bench/bgp-parse.sh [FILE...]   (default: bgpdump's test files and the larger samples in ../shared/data/bgp)
# Both print every element as a bgpdump -m line to /dev/null. bgpdump runs one process per file. Ours runs
#   cold: one JVM for all files, wall clock from the shell (JVM start, class loading and JIT warm-up included);
#   warm: one JVM that first parses and formats every file once without printing (--warm-up 1), then the timed pass
#         (its own --stats, JVM start excluded).
# The element count is bgpdump's line count; ours must print the same number of lines. Each figure is the best of
# BGP_BENCH_RUNS (default 3) runs.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data="${OUTAGEWATCH_DATA:-$here/../shared/data}"
if ! command -v bgpdump >/dev/null; then
  echo "installing bgpdump (Debian package)..." >&2
  apt-get install -y bgpdump >/dev/null
fi
if [ "$#" -gt 0 ]; then files=("$@"); else
  files=("$data"/bgp/mrt-bgpdump/test_data/* "$data"/bgp/mrt-libbgpstream/* "$data"/bgp/bgpkit_local_only_updates.mrt.bz2)
fi
cd "$here"
mvn -q -B -o -pl ingest compile >/dev/null
mvn -q -B -o -pl ingest dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="ingest/target/classes:$(cat ingest/target/bench-classpath.txt)"
main=org.outagewatch.ingest.app.BgpDumpCommand

elements=0
for f in "${files[@]}"; do n=$(bgpdump -m "$f" 2>/dev/null | wc -l); elements=$((elements + n)); done
ours_lines=$(java -cp "$cp" "$main" "${files[@]}" 2>/dev/null | wc -l || true)

runs="${BGP_BENCH_RUNS:-3}"   # each figure is the best of this many runs (the machine is shared)
min() { if [ -z "$1" ] || awk -v a="$2" -v b="$1" 'BEGIN { exit !(a < b) }'; then echo "$2"; else echo "$1"; fi; }
bgpdump_ns=""; cold_ns=""; warm_s=""
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  for f in "${files[@]}"; do bgpdump -m "$f" >/dev/null 2>&1 || true; done
  bgpdump_ns=$(min "$bgpdump_ns" $(( $(date +%s%N) - start )))

  start=$(date +%s%N)
  java -cp "$cp" "$main" --output /dev/null "${files[@]}" >/dev/null 2>&1 || true
  cold_ns=$(min "$cold_ns" $(( $(date +%s%N) - start )))

  # the timed pass's total line: "total: N elements in S s (R elements/s)"; the first file is named twice so that
  # a total line appears for a single file too, and counted below
  w=$(java -cp "$cp" "$main" --output /dev/null --warm-up 1 --stats "${files[@]}" "${files[0]}" 2>&1 >/dev/null \
    | awk '/^total:/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1) }')
  warm_s=$(min "$warm_s" "$w")
done
first=$(bgpdump -m "${files[0]}" 2>/dev/null | wc -l)

awk -v n="$elements" -v ol="$ours_lines" -v first="$first" -v b="$bgpdump_ns" -v c="$cold_ns" -v w="$warm_s" \
    -v files="${#files[@]}" 'BEGIN {
  bs = b / 1e9; cs = c / 1e9; br = n / bs; cr = n / cs; wr = (n + first) / w;
  printf "files: %d, elements: %d (bgpdump lines), ours printed %d lines\n", files, n, ol;
  printf "bgpdump -m (one process per file):       %8.3f s  %12.0f elements/s\n", bs, br;
  printf "ours cold (one JVM, start included):     %8.3f s  %12.0f elements/s  ratio ours/bgpdump %5.2f\n", cs, cr, cr / br;
  printf "ours warm (after one warm-up pass):      %8.3f s  %12.0f elements/s  ratio ours/bgpdump %5.2f\n", w, wr, wr / br;
  printf "(ratio above 1 = ours faster)\n";
}'
