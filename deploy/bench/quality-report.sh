#!/usr/bin/env bash
# The detection quality report: runs `outagewatch backtest --quality-report` over every synthetic scenario (with
# its ground truth) and NAB's realKnownCause files (with their labels), and prints one table (docs/QUALITY.md).
# Usage: deploy/bench/quality-report.sh [NAB_DIR]   (default: ../shared/data/nab beside the repository)
# Logs go to stderr; the table to stdout. Takes about a minute on two cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
NAB_DIR="${1:-$ROOT/../shared/data/nab}"
exec "$ROOT/outagewatch" backtest --quality-report --nab-dir "$NAB_DIR"
