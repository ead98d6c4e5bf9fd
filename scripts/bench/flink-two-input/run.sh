#!/usr/bin/env bash
# Computes, with Apache Flink 1.20, the expected outputs of Weft's two-input operator tests:
# for every scenario script container-worker/src/test/resources/two-input/*.script it writes the
# operator's output under Flink's test harness to *.flink next to it, and for the window-join
# jobs (windows/*.input) the job's output to *.flink. Run it after changing a script; commit the
# .flink files; and Nexmark Q3/Q8 over Weft's generated events to
# examples/src/test/resources/nexmark/q3.flink and q8.flink. Usage: scripts/bench/flink-two-input/run.sh
# With --bench QUERY EVENTS P RATE it only runs Nexmark q3 or q8 into a counting sink and prints one
# engine=flink line for scripts/bench/compare (bench.NexmarkJoinsBench).
# Builds in a scratch copy (FLINK_TWO_INPUT_WORK, default $TMPDIR/weft-flink-two-input).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
resources="$(cd "$src/../../../container-worker/src/test/resources/two-input" && pwd)"
nexmark_expected="$src/../../../examples/src/test/resources/nexmark"
work="${FLINK_TWO_INPUT_WORK:-${TMPDIR:-/tmp}/weft-flink-two-input}"
mkdir -p "$work"
nexmark="$src/../../../examples/src/main/java/io/weft/examples/nexmark"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# Weft's Nexmark generator and events, unchanged, so that both engines join the same events.
mkdir -p "$work/src/main/java/io/weft/examples/nexmark"
for f in Event Person Auction Bid NexmarkConfig NexmarkGenerator; do
  cp -p "$nexmark/$f.java" "$work/src/main/java/io/weft/examples/nexmark/"
done
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
if [[ "${1:-}" == --bench ]]; then
  shift
  flink_project_run "$work" "-Xmx2g" bench.NexmarkJoinsBench "$@"
  exit
fi
flink_project_run "$work" "-Xmx1g" bench.TwoInputExpected "$resources"
# Nexmark Q3 and Q8 over 50,000 events at 200/s, the input of examples' JoinQueriesTest.
mkdir -p "$nexmark_expected"
flink_project_run "$work" "-Xmx1g" bench.NexmarkJoins "$nexmark_expected" 50000 200
