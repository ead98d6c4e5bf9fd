#!/usr/bin/env bash
#
# Dumps the launcher's class data sharing archive, launcher/target/weft-cli.jsa, from the class list
# conf/cds/weft-cli.classlist and the launcher's classpath (weft_launcher_classpath). Run by the
# launcher's build at package time (launcher/pom.xml), after the jar and target/classpath.txt exist.
#
# Why: a `weft run -m yarn-cluster` client loads about 5,000 classes (Hadoop's YARN and HDFS clients
# above all); parsing and verifying them was half of the client's CPU time. scripts/weft maps the
# archive when it exists. The JVM checks the archive's classpath (paths, sizes and times of the jars)
# at start and silently runs without it when a jar changed since the dump (a module rebuilt on its
# own): the next build of the launcher dumps it again.
#
# A dump that fails (a JDK without CDS) only costs the speed-up: the build goes on, without the file.
set -euo pipefail

source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"

[[ -f "$WEFT_LAUNCHER_JAR" && -f "$WEFT_LAUNCHER_CP_FILE" ]] \
  || weft_die "build the launcher's jar and $WEFT_LAUNCHER_CP_FILE first"
java="$(weft_java_home)/bin/java"
log="$WEFT_ROOT/launcher/target/weft-cli-archive.log"
tmp="$WEFT_CLI_ARCHIVE.tmp.$$"
# Dump into a file of its own and rename it: a scripts/weft starting meanwhile maps the old archive
# (or ignores it, if a jar changed), never half a file.
if "$java" -Xshare:dump -XX:SharedClassListFile="$WEFT_ROOT/conf/cds/weft-cli.classlist" \
    -XX:SharedArchiveFile="$tmp" -cp "$(weft_launcher_classpath)" >"$log" 2>&1; then
  mv -f "$tmp" "$WEFT_CLI_ARCHIVE"
else
  rm -f "$tmp" "$WEFT_CLI_ARCHIVE"
  echo "build-cli-archive.sh: could not dump the class data sharing archive (see $log);" \
    "scripts/weft runs without it" >&2
fi
