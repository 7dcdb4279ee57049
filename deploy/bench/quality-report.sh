#!/usr/bin/env bash
# The detection quality report: runs `outagewatch backtest --quality-report` over every synthetic scenario (with
# its ground truth), NAB's realKnownCause files (with their labels) and the real Kenya RIPE Atlas connection events
# (the 7 June 2016 blackout), and prints one table (docs/QUALITY.md).
# Usage: deploy/bench/quality-report.sh [NAB_DIR [KENYA_EVENTS [ASN_METADATA]]]   (defaults: in ../shared/data beside the
# repository; the ASN metadata gives the Kenya file's country row)
# Logs go to stderr; the table to stdout. Takes about a minute on two cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
NAB_DIR="${1:-$ROOT/../shared/data/nab}"
KENYA_EVENTS="${2:-$ROOT/../shared/data/ripe-atlas/probe-connection-events-msm7000/disco_kenya_msm7000_2016-06.jsonl}"
ASN_METADATA="${3:-$ROOT/../shared/data/asn-mapping/pyasn_asnames.json.gz}"
exec "$ROOT/outagewatch" backtest --quality-report --nab-dir "$NAB_DIR" --kenya-events "$KENYA_EVENTS" \
    --asn-metadata "$ASN_METADATA"
