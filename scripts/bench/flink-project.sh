# Sourced by the run.sh of each Flink harness under scripts/bench (flink-latency, flink-transport).
#
# flink_project_run WORK "JVM_OPTIONS" MAIN_CLASS ARGS...
#   Compiles the Maven project copied into WORK when its sources are newer than the last build,
#   then runs MAIN_CLASS with ARGS. The JVM gets WORK/tmp as its temp directory, deleted when the
#   script exits: Flink's MiniCluster leaves directories (web uploads) there.
flink_project_run() {
  local work="$1" jvm_options="$2" main="$3"
  shift 3
  cd "$work"
  if [ ! -f target/cp.txt ] || [ -n "$(find src pom.xml -newer target/cp.txt -print -quit)" ]; then
    mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >build.log 2>&1 \
      || { cat build.log; exit 1; }
  fi
  FLINK_PROJECT_TMP="$work/tmp"
  rm -rf "$FLINK_PROJECT_TMP" && mkdir -p "$FLINK_PROJECT_TMP"
  trap 'rm -rf "$FLINK_PROJECT_TMP"' EXIT
  # shellcheck disable=SC2086 # the options are words
  java -Djava.io.tmpdir="$FLINK_PROJECT_TMP" $jvm_options \
    --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
    -cp "target/classes:$(cat target/cp.txt)" "$main" "$@"
}
