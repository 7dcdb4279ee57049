#!/usr/bin/env bash
# Records per second per file adapter on the real files in ../shared/data (atlas, ooni, NAB series, replay merge),
# on generated traffic counters and goflow2 flows (no real traffic file exists there), and the prefix lookup rate.
# Usage: ingest/bench/ingest-rates.sh [DATA_DIR]   (run from the repository root; builds the ingest module)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-$(cd .. && pwd)/shared/data}"
mvn -q -B -o -pl ingest package -DskipTests
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o -pl ingest dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
CP="ingest/target/classes:$(cat "$CP_FILE")"
java -cp "$CP" org.outagewatch.ingest.app.FileIngestRates "$DATA"
