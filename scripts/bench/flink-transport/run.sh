#!/usr/bin/env bash
# Runs Flink's data plane on the workloads of Weft's issue-5 benchmarks. Usage:
#   run.sh FlinkTransportBench RECORD_BYTES SECONDS          (TransportBench's: one producer, one consumer)
#   run.sh FlinkKeyBySumLayouts one-tm|two-tms RECORDS RUNS WARMUPS   (TwoProcessBench's: J1 at p=2)
# Builds in a scratch copy (FLINK_TRANSPORT_WORK, default $TMPDIR/weft-flink-transport), so the
# folder it lives in may be read-only.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${FLINK_TRANSPORT_WORK:-${TMPDIR:-/tmp}/weft-flink-transport}"
[ $# -ge 1 ] || { echo "usage: $0 FlinkTransportBench|FlinkKeyBySumLayouts ARGS..." >&2; exit 2; }
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
# The same collector as the JVMs of Weft's benchmarks.
flink_project_run "$work" "-Xmx2g -XX:+UseParallelGC" "anchor.$1" "${@:2}"
