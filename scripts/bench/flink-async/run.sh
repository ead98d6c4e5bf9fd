#!/usr/bin/env bash
# Runs Weft's AsyncBench job on Apache Flink 1.20 (FlinkAsync). Usage: run.sh RECORDS CAPACITY LATENCY_MS MODE P.
# Builds in a scratch copy (FLINK_ASYNC_WORK, default $TMPDIR/weft-flink-async).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${FLINK_ASYNC_WORK:-${TMPDIR:-/tmp}/weft-flink-async}"
[ $# -eq 5 ] || { echo "usage: $0 RECORDS CAPACITY LATENCY_MS ordered|unordered P" >&2; exit 2; }
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx2g" bench.FlinkAsync "$@"
