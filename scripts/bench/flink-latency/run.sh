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
java -Djava.io.tmpdir="$tmp" -Xmx4g $OPENS -cp "target/classes:$(cat target/cp.txt)" bench.FlinkLatency "$@"
