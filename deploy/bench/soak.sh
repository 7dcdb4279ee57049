#!/usr/bin/env bash
# The soak (issue 13, part 8; not in CI): the local stack, `outagewatch detect` in a JVM of its own, and a feeder that
# publishes a seeded synthetic world at a steady rate (each real minute the next SPEED simulated minutes of it, with
# `ingest synthetic --from/--to`), for MINUTES minutes. Every minute it samples the detector: heap used after a full GC
# (jcmd GC.run, then GC.heap_info), resident set size (/proc/<pid>/status), consumer lag (the sum of
# kafka_consumer_fetch_manager_partition_records_lag on /metrics) and alert latency (outagewatch_detector_alert_latency_avg/max,
# wall-clock ms), and prints one table row. At the end it measures a restore: the detector stopped, its state
# directory deleted, started again; the time to RUNNING and the size of the changelogs it restored from.
#
# Usage: deploy/bench/soak.sh [MINUTES [ASNS [SPEED]]]     (defaults 30, 2000, 60: one simulated hour per real minute)
# Environment: SOAK_DIR (the stack's data directory, default /tmp/outagewatch-soak, deleted first),
#   OUTAGEWATCH_STACK_KAFKA_PORT / _CONTROLLER_PORT / _REGISTRY_PORT (default 9092/9093/8081), SOAK_API_PORT (8088),
#   SOAK_HEAP (the detector's -Xmx, default 1g). Needs jcmd (the JDK) and curl. The table goes to stdout, the rest
#   to stderr; the detector's and feeder's logs stay in $SOAK_DIR/logs.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
MINUTES="${1:-30}"
ASNS="${2:-2000}"
SPEED="${3:-60}"
SOAK_DIR="${SOAK_DIR:-/tmp/outagewatch-soak}"
API_PORT="${SOAK_API_PORT:-8088}"
HEAP="${SOAK_HEAP:-1g}"
export OUTAGEWATCH_STACK_DATA_DIR="$SOAK_DIR"
KAFKA="127.0.0.1:${OUTAGEWATCH_STACK_KAFKA_PORT:-9092}"
REGISTRY="http://127.0.0.1:${OUTAGEWATCH_STACK_REGISTRY_PORT:-8081}"
OW="$ROOT/outagewatch"
SEED=11
# the world: a week before now (history of any age replays; the detector refuses event times a day ahead), long
# enough for the run; the first day is warm-up without outages
START_EPOCH=$(( ($(date +%s) / 86400 - 7) * 86400 ))
DAYS=$(( (MINUTES * SPEED / 60 / 24) + 3 ))
STEP=$(( SPEED * 60 ))      # simulated seconds per real minute
APP=soak-detector

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
log() { echo "soak: $*" >&2; }

rm -rf "$SOAK_DIR"
mkdir -p "$SOAK_DIR/logs"
"$OW" stack start >&2
DETECTOR_PID=""
FEEDER_PID=""
cleanup() {
  [[ -n "$FEEDER_PID" ]] && kill "$FEEDER_PID" 2>/dev/null || true
  [[ -n "$DETECTOR_PID" ]] && kill "$DETECTOR_PID" 2>/dev/null && wait "$DETECTOR_PID" 2>/dev/null || true
  "$OW" stack stop >&2 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# feeds slice k = [start + 1 day + k*STEP, + STEP) every minute (the first day at once: the baselines' warm-up)
publish() {
  "$OW" ingest synthetic --bootstrap-servers "$KAFKA" --schema-registry-url "$REGISTRY" --seed "$SEED" --asns "$ASNS" \
      --start "$(iso "$START_EPOCH")" --days "$DAYS" --from "$(iso "$1")" --to "$(iso "$2")" ${3:-} \
      >>"$SOAK_DIR/logs/feeder.out" 2>&1
}
log "world: $ASNS ASNs from $(iso "$START_EPOCH"), $DAYS days; $STEP simulated seconds per real minute"
publish "$START_EPOCH" $(( START_EPOCH + 86400 )) --create-topics
log "warm-up day published"

start_detector() {
  OUTAGEWATCH_JAVA_OPTS="-Xmx$HEAP" OUTAGEWATCH_SKIP_BUILD=1 "$OW" detect --bootstrap-servers "$KAFKA" \
      --schema-registry-url "$REGISTRY" --application-id "$APP" --api-port "$API_PORT" \
      >>"$SOAK_DIR/logs/detect.out" 2>&1 &
  DETECTOR_PID=$!
}
# the Streams state (REBALANCING, RUNNING) as the API reports it, empty while it is not up
state() { curl -s "http://127.0.0.1:$API_PORT/api/health" 2>/dev/null | grep -o '"state":"[A-Z_]*"' | cut -d'"' -f4 || true; }
metric() { curl -sf "http://127.0.0.1:$API_PORT/metrics" 2>/dev/null | grep -E "^$1(\{| )" || true; }
lag() { metric kafka_consumer_fetch_manager_partition_records_lag | awk '$NF == $NF+0 && $NF > 0 { s += $NF } END { printf "%d", s }'; }
latency() { metric "outagewatch_detector_alert_latency_$1" | awk '$NF == $NF+0 { v = $NF; n++ } END { if (n) printf "%d", v; else printf "-" }'; }
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); gsub(/[^0-9]/, "", v); printf "%d", v / 1024; exit } }'
}
rss() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }
# the java process behind the launcher (exec replaces the shell, so it is the same pid)
start_detector
log "detector pid $DETECTOR_PID"

(
  next=$(( START_EPOCH + 86400 ))
  while true; do
    began=$(date +%s)
    publish "$next" $(( next + STEP )) || echo "feeder: slice from $(iso "$next") failed" >&2
    next=$(( next + STEP ))
    sleep $(( 60 - ($(date +%s) - began) > 0 ? 60 - ($(date +%s) - began) : 0 ))
  done
) &
FEEDER_PID=$!

printf '| minute | state | heap after GC (MiB) | RSS (MiB) | consumer lag (records) | alert latency avg / max (ms) |\n'
printf '|---|---|---|---|---|---|\n'
for (( minute = 1; minute <= MINUTES; minute++ )); do
  sleep 60
  if ! kill -0 "$DETECTOR_PID" 2>/dev/null; then
    log "the detector exited; see $SOAK_DIR/logs/detect.out"
    exit 1
  fi
  printf '| %d | %s | %s | %s | %s | %s / %s |\n' "$minute" "$(state)" "$(heap_after_gc "$DETECTOR_PID")" \
      "$(rss "$DETECTOR_PID")" "$(lag)" "$(latency avg)" "$(latency max)"
done
kill "$FEEDER_PID" 2>/dev/null || true
wait "$FEEDER_PID" 2>/dev/null || true
FEEDER_PID=""

# restore: stop, delete the state directory, start again
series=$(metric outagewatch_store_entries | grep 'store="baseline-models"' | awk '$NF == $NF+0 { s += $NF } END { printf "%d", s }')
entries=$(metric outagewatch_store_entries | awk '$NF == $NF+0 { s += $NF } END { printf "%d", s }')
kill "$DETECTOR_PID"
wait "$DETECTOR_PID" 2>/dev/null || true
changelog_mib=$(du -scm "$SOAK_DIR"/kafka/data/"$APP"-*-changelog-* 2>/dev/null | awk 'END { print $1 }')
rm -rf "$SOAK_DIR/detector"
began=$(date +%s%N)
start_detector
until [[ -n "$(state)" ]]; do
  kill -0 "$DETECTOR_PID" 2>/dev/null || { log "the detector exited during the restore"; exit 1; }
  sleep 0.5
done
up=$(date +%s%N)
until [[ "$(state)" == RUNNING ]]; do
  kill -0 "$DETECTOR_PID" 2>/dev/null || { log "the detector exited during the restore"; exit 1; }
  sleep 0.5
done
now=$(date +%s%N)
printf '\nrestore on an empty state directory: RUNNING %d ms after the API answered (%d ms after the JVM started); %s series (baseline models), %s store entries in all; changelogs %s MiB on disk\n' \
    $(( (now - up) / 1000000 )) $(( (now - began) / 1000000 )) "$series" "$entries" "$changelog_mib"
