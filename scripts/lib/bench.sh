# shellcheck shell=bash
#
# What the benchmark scripts (scripts/bench/compare, scripts/bench/kafka) share. Source it after
# common.sh; the functions use the caller's LOG (the run's log file) and SCRATCH (a scratch
# directory), set before they are called.
#
#   bench_usage              prints the calling script's header comment (from its third line) and exits 2
#   note MESSAGE...          appends "# MESSAGE" to the log and echoes it to stderr
#   note_machine             notes the time, host, cores, load and Java version (top of every log)
#   record COMMAND...        runs a command, appends its result lines (engine=... or job=...) to
#                            the log and echoes them to stderr; on a failure it logs the exit code
#                            and the last lines of the command's stderr instead
#   BENCH_AWK                awk functions for the result tables; prepend to a program:
#                                awk "$BENCH_AWK"'/^engine=/ { ... }' "$LOG"
#       field(name)          the value of name=... in the current line, or ""
#       sorted(list, k)      of the space-separated numbers in list, the "min", "max" or "med"ian;
#                            "" for an empty list
#       shown(list, k, fmt)  sorted() for a table cell: "-" for an empty list, and a median that
#                            averages two values printed with fmt

bench_usage() {
  awk 'NR > 2 && !/^#/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0" >&2
  exit 2
}

note() { echo "# $*" | tee -a "$LOG" >&2; }

note_machine() {
  note "$(date -u '+%F %T') UTC on $(hostname): $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
}

record() {
  local out rc=0
  out="$("$@" 2>"$SCRATCH/stderr")" || rc=$?
  if grep -q '^engine=\|^job=' <<<"$out"; then
    grep '^engine=\|^job=' <<<"$out" | tee -a "$LOG" >&2
  else
    echo "# failed (exit $rc): $*" | tee -a "$LOG" >&2
    tail -5 "$SCRATCH/stderr" | sed 's/^/#   /' | tee -a "$LOG" >&2
  fi
}

# shellcheck disable=SC2016
BENCH_AWK='
  function field(name,   i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
  function sorted(list, k,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    if (n == 0) return ""
    return k == "min" ? a[1] : k == "max" ? a[n] : n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function shown(list, k, fmt,   a, n) {
    n = split(list, a, " ")
    if (n == 0) return "-"
    return k == "med" && n % 2 == 0 ? sprintf(fmt, sorted(list, k)) : sorted(list, k)
  }
'
