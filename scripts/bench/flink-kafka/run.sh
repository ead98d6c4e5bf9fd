#!/usr/bin/env bash
# Runs Weft's Kafka benchmark job on Apache Flink 1.20 with flink-connector-kafka (bench.FlinkKafkaSum).
# Usage: run.sh SERVERS TOPIC OUTPUT RECORDS P. Builds in a scratch copy (FLINK_KAFKA_WORK, default
# $TMPDIR/weft-flink-kafka). Called by scripts/bench/kafka.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${FLINK_KAFKA_WORK:-${TMPDIR:-/tmp}/weft-flink-kafka}"
[ $# -eq 5 ] || { echo "usage: $0 SERVERS TOPIC OUTPUT RECORDS P" >&2; exit 2; }
mkdir -p "$work"
cp -p "$src/pom.xml" "$work/"
cp -rp "$src/src" "$work/"
# shellcheck source=../flink-project.sh
source "$src/../flink-project.sh"
flink_project_run "$work" "-Xmx4g" bench.FlinkKafkaSum "$@"
