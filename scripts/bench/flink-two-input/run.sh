#!/usr/bin/env bash
# Computes, with Apache Flink 1.20, the expected outputs of Weft's two-input operator tests:
# for every scenario script container-worker/src/test/resources/two-input/*.script it writes the
# operator's output under Flink's test harness to *.flink next to it, and for the window-join
# jobs (windows/*.input) the job's output to *.flink. Run it after changing a script; commit the
# .flink files. Usage: scripts/bench/flink-two-input/run.sh
# Builds in a scratch copy (FLINK_TWO_INPUT_WORK, default $TMPDIR/weft-flink-two-input).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
resources="$(cd "$src/../../../container-worker/src/test/resources/two-input" && pwd)"
work="${FLINK_TWO_INPUT_WORK:-${TMPDIR:-/tmp}/weft-flink-two-input}"
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx1g" bench.TwoInputExpected "$resources"
