#!/usr/bin/env bash
# Runs Flink 1.20's FileSink.forBulkFormat Parquet job. Usage: run.sh P N OUTPUT_DIR.
# Builds in a scratch copy (FLINK_PARQUET_WORK, default $TMPDIR/weft-flink-parquet).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${FLINK_PARQUET_WORK:-${TMPDIR:-/tmp}/weft-flink-parquet}"
[ $# -eq 3 ] || { echo "usage: $0 P N OUTPUT_DIR" >&2; exit 2; }
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx3g" bench.FlinkParquetBench "$@"
