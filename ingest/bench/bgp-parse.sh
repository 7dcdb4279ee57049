#!/usr/bin/env bash
# Parse rate of the MRT parser against bgpdump -m on the same files, in one run.
# Usage: ingest/bench/bgp-parse.sh [FILE...]   (default: bgpdump's test files and the larger samples in ../shared/data/bgp)
# Prints elements/s for `outagewatch ingest bgp dump` (printing every line to /dev/null, one JVM for all files, so
# JIT warm-up is included) and for `bgpdump -m` (one process per file, output to /dev/null), and the ratio.
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

start=$(date +%s%N)
for f in "${files[@]}"; do bgpdump -m "$f" >/dev/null 2>&1 || true; done
bgpdump_ns=$(( $(date +%s%N) - start ))

start=$(date +%s%N)
ours=$(java -cp "$cp" "$main" "${files[@]}" 2>/dev/null >/dev/null; echo $?)
ours_ns=$(( $(date +%s%N) - start ))

awk -v n="$elements" -v b="$bgpdump_ns" -v o="$ours_ns" -v files="${#files[@]}" -v rc="$ours" 'BEGIN {
  bs = b / 1e9; os = o / 1e9;
  printf "files: %d, elements (bgpdump lines): %d\n", files, n;
  printf "bgpdump -m:             %8.3f s  %12.0f elements/s\n", bs, n / bs;
  printf "outagewatch bgp dump:   %8.3f s  %12.0f elements/s  (exit %d, JVM start included)\n", os, n / os, rc;
  printf "ratio ours/bgpdump:     %8.2f  (above 1 = faster)\n", (n / os) / (n / bs);
}'
