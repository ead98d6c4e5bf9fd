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
cd "$work"
if [ ! -f target/cp.txt ] || [ -n "$(find src pom.xml -newer target/cp.txt -print -quit)" ]; then
  mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >build.log 2>&1 \
    || { cat build.log; exit 1; }
fi
OPENS="--add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"
# Flink's MiniCluster leaves directories (web uploads) in the temp directory: give it its own.
tmp="$work/tmp"
rm -rf "$tmp" && mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
# The same collector as the JVMs of Weft's benchmarks.
java -Djava.io.tmpdir="$tmp" -Xmx2g -XX:+UseParallelGC $OPENS -cp "target/classes:$(cat target/cp.txt)" "anchor.$1" "${@:2}"
