#!/usr/bin/env bash
# Runs the latency job on Apache Flink. Usage: run.sh P RATE SECONDS BUFFER_TIMEOUT_MS.
# Builds in a scratch copy (FLINK_LATENCY_WORK, default $TMPDIR/weft-flink-latency) together with
# Weft's LatencyHistogram, so both engines' latencies are counted by the same code.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
histogram="$src/../../../examples/src/main/java/io/weft/examples/bench/LatencyHistogram.java"
work="${FLINK_LATENCY_WORK:-${TMPDIR:-/tmp}/weft-flink-latency}"
[ $# -eq 4 ] || { echo "usage: $0 P RATE SECONDS BUFFER_TIMEOUT_MS" >&2; exit 2; }
mkdir -p "$work/src/main/java/io/weft/examples/bench"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
cp -p "$histogram" "$work/src/main/java/io/weft/examples/bench/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx4g" bench.FlinkLatency "$@"
