# shellcheck shell=bash
#
# The YARN part of scripts/bench/compare (sourced by it, with its variables and helpers): on the
# embedded local cluster, each Nexmark query is submitted with `weft run -m yarn-cluster`, and
# from the CLI's own lines
#   Application ... FINISHED (SUCCEEDED) <b> ms after weft run started: ... all <n> tasks were
#   RUNNING <a> ms after weft run started
# it records the time to all tasks RUNNING (a) and events/s = events / (b - a). The CLI polls the
# ResourceManager every 2 s and b includes stopping the containers, so events/s is a lower bound
# that is only meaningful for runs of tens of seconds (--yarn-events).
#
# Uses the cluster scripts/local-cluster runs (the default directory); if none runs, starts one in
# target/bench/local-cluster (UI port WEFT_BENCH_UI_PORT, default 8088), and stops and deletes it
# at the end.

yarn_bench() {
  local dir="$WEFT_ROOT/local-cluster"
  if ! scripts/local-cluster status --dir "$dir" >/dev/null 2>&1; then
    dir="$WEFT_ROOT/target/bench/local-cluster"
    if ! scripts/local-cluster status --dir "$dir" >/dev/null 2>&1; then
      echo "Starting a local YARN cluster in $dir..." >&2
      scripts/local-cluster start --dir "$dir" --ui-port "${WEFT_BENCH_UI_PORT:-8088}" >&2
      YARN_STARTED="$dir"
    fi
  fi
  export HADOOP_CONF_DIR="$dir/conf"
  note "YARN: cluster in $dir; first submission uploads Weft's jars (cold), later ones reuse them"
  local q out a b
  for q in $QUERIES; do
    for ((r = 1; r <= REPS; r++)); do
      out="$(scripts/weft run -m yarn-cluster -yjm 768 -ytm 1536 -ys 2 -yp 2 \
        -c io.weft.examples.nexmark.NexmarkBench examples/target/weft-examples.jar \
        --query "$q" --events "$YARN_EVENTS" 2>&1)" || true
      # The JobManager's own figure, in the final diagnostics; else the CLI's line (a short job may
      # end between two of its polls).
      a="$(sed -n 's/.*all [0-9]* tasks were RUNNING \([0-9]*\) ms after weft run started.*/\1/p' <<<"$out" | head -1)"
      [[ -n "$a" ]] || a="$(sed -n 's/^All tasks RUNNING \([0-9]*\) ms after weft run started.*/\1/p' <<<"$out" | head -1)"
      b="$(sed -n 's/^Application .* FINISHED (SUCCEEDED) \([0-9]*\) ms after weft run started.*/\1/p' <<<"$out" | head -1)"
      if [[ -z "$a" || -z "$b" ]]; then
        echo "# failed on YARN: nexmark $q" | tee -a "$LOG" >&2
        tail -5 <<<"$out" | sed 's/^/#   /' | tee -a "$LOG" >&2
        continue
      fi
      echo "engine=weft job=yarn-submit query=$q running-after-ms=$a finished-after-ms=$b" | tee -a "$LOG" >&2
      awk -v q="$q" -v e="$YARN_EVENTS" -v a="$a" -v b="$b" 'BEGIN {
        printf "engine=weft job=nexmark-%s where=yarn p=2 records=%d outputs=- seconds=%.2f rps=%.0f\n",
          q, e, (b - a) / 1000, e / ((b - a) / 1000) }' | tee -a "$LOG" >&2
    done
  done
}
