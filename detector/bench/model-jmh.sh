#!/usr/bin/env bash
# JMH benchmarks of the baseline model (org.outagewatch.detector.baseline.BaselineModelBenchmark): update and score
# on one series and round-robin over 4096 series, and the state serde (toBytes, fromBytes, and the processor's
# per-point cycle fromBytes + observe + toBytes). Prints ops/s per benchmark (one thread = one core).
# Usage: detector/bench/model-jmh.sh [JMH OPTIONS...]   (run from anywhere; builds the detector's test classes)
# Default: 1 fork, 3 warm-up iterations of 1 s, 3 measurement iterations of 2 s. Extra options go to JMH, e.g.
#   detector/bench/model-jmh.sh -i 5 -r 5s          detector/bench/model-jmh.sh 'observe.*' -prof gc
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -o -pl detector test-compile
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# a private copy of the classes, so that another build of the module cannot pull them away mid-run
cp -r detector/target/classes "$WORK/classes"
cp -r detector/target/test-classes "$WORK/test-classes"
mvn -q -B -o -pl detector dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="$WORK/test-classes:$WORK/classes:$(cat "$WORK/cp.txt")"
filter=BaselineModelBenchmark
if [ "$#" -gt 0 ] && [ "${1#-}" = "$1" ]; then filter="BaselineModelBenchmark.$1"; shift; fi
java -cp "$CP" org.openjdk.jmh.Main "$filter" -f 1 -wi 3 -w 1s -i 3 -r 2s -tu s "$@"
