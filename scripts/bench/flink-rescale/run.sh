#!/usr/bin/env bash
# Runs the rescale job on Apache Flink (see src/main/java/bench/FlinkRescale.java for the arguments).
# Builds in a scratch copy (FLINK_RESCALE_WORK, default $TMPDIR/weft-flink-rescale).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${FLINK_RESCALE_WORK:-${TMPDIR:-/tmp}/weft-flink-rescale}"
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx4g" bench.FlinkRescale "$@"
