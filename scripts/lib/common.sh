# shellcheck shell=bash
#
# Shared helpers for Weft's scripts. Source it; do not run it:
#
#   source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"
#
# It defines:
#   WEFT_ROOT              absolute path of the repository root (found from this file's location)
#   WEFT_LAUNCHER_JAR      launcher/target/weft-launcher-<version>.jar
#   WEFT_LAUNCHER_CP_FILE  launcher/target/classpath.txt (the launcher's runtime classpath)
#   weft_die MESSAGE...    prints "<script>: MESSAGE" to stderr and exits 1
#   weft_build_if_needed   builds the launcher (and the modules it needs) when the jar or the
#                          classpath file is missing; a no-op otherwise
#   weft_java_home         prints the JAVA_HOME to use: $JAVA_HOME, else derived from `java` on PATH
#   weft_launcher_classpath prints the launcher's classpath: its jar, then target/classpath.txt
#                          (the class data sharing archive is dumped with exactly this classpath)
#   weft_java_cmd          prints the java command prefix, ONE ARGUMENT PER LINE: the java
#                          binary, the module-opening argfile, the log4j configuration and the
#                          launcher classpath. Append -Xmx, the main class and its arguments:
#                              mapfile -t cmd < <(weft_java_cmd)
#                              "${cmd[@]}" -Xmx1g io.weft.SomeMain --flag
#
# Sourcing changes no shell options; callers are expected to use `set -euo pipefail`.

WEFT_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)"
# Keep in step with <version> in the root pom.xml.
WEFT_VERSION="0.1.0-SNAPSHOT"
WEFT_LAUNCHER_JAR="$WEFT_ROOT/launcher/target/weft-launcher-$WEFT_VERSION.jar"
WEFT_LAUNCHER_CP_FILE="$WEFT_ROOT/launcher/target/classpath.txt"
# The launcher's class data sharing archive (scripts/lib/build-cli-archive.sh, at package time).
WEFT_CLI_ARCHIVE="$WEFT_ROOT/launcher/target/weft-cli.jsa"

weft_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

weft_build_if_needed() {
  if [[ -f "$WEFT_LAUNCHER_JAR" && -f "$WEFT_LAUNCHER_CP_FILE" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || weft_die "the launcher is not built and mvn is not on PATH"
  echo "Building the launcher (mvn -q -B -DskipTests -pl launcher -am package)..." >&2
  (cd "$WEFT_ROOT" && mvn -q -B -DskipTests -pl launcher -am package) >&2 \
    || weft_die "building the launcher failed"
  [[ -f "$WEFT_LAUNCHER_JAR" && -f "$WEFT_LAUNCHER_CP_FILE" ]] \
    || weft_die "the build did not produce $WEFT_LAUNCHER_JAR and $WEFT_LAUNCHER_CP_FILE"
}

weft_java_home() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    echo "$JAVA_HOME"
    return 0
  fi
  local java_bin
  java_bin="$(command -v java)" || weft_die "java is not on PATH and JAVA_HOME is not set"
  # /usr/bin/java is usually a chain of symlinks into the real JDK.
  dirname "$(dirname "$(readlink -f "$java_bin")")"
}

weft_launcher_classpath() {
  echo "$WEFT_LAUNCHER_JAR:$(cat "$WEFT_LAUNCHER_CP_FILE")"
}

weft_java_cmd() {
  local java_home
  java_home="$(weft_java_home)"
  [[ -x "$java_home/bin/java" ]] || weft_die "no java at $java_home/bin/java"
  [[ -f "$WEFT_LAUNCHER_CP_FILE" ]] || weft_die "missing $WEFT_LAUNCHER_CP_FILE; call weft_build_if_needed first"
  printf '%s\n' \
    "$java_home/bin/java" \
    "@$WEFT_ROOT/conf/jvm-opens.args" \
    "-Dlog4j.configuration=file:$WEFT_ROOT/conf/log4j.properties" \
    "-cp" \
    "$(weft_launcher_classpath)"
}
