#!/usr/bin/env bash
# Fuzzing benchmark: 10 million executions of every fuzz target (cargo-fuzz on nightly, with
# AddressSanitizer), each on its working corpus fuzz/corpus/TARGET (kept between runs, started
# from the committed seeds). Prints per target the executions done, the time, executions per
# second and the crashes found (libFuzzer stops a target at its first crash; the artifact is in
# fuzz/artifacts/TARGET), then a summary table. Exits non-zero when any target crashed.
#
#   bash tests/bench/fuzz.sh
#   FUZZ_RUNS=1000000 bash tests/bench/fuzz.sh             # 1 million each
#   bash tests/bench/fuzz.sh pinfl rx_number               # only some targets
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
source "$ROOT/tests/fuzz/common.sh"
cd "$ROOT"

RUNS=${FUZZ_RUNS:-10000000}
fuzz_prepare "$@"

LOGS="$FUZZ_DIR/artifacts/bench-logs"
mkdir -p "$LOGS"
rows=()
crashed=0
for target in "${TARGETS[@]}"; do
  bin=$(fuzz_bin "$target")
  [ -x "$bin" ] || die "fuzz target '$target' was not built ($bin)"
  corpus="$FUZZ_DIR/corpus/$target"
  artifacts="$FUZZ_DIR/artifacts/$target"
  seed_corpus "$target" "$corpus"
  mkdir -p "$artifacts"
  log="$LOGS/$target.log"
  before=$(find "$artifacts" -type f | sort)
  say "fuzz $target: $RUNS executions (log: ${log#"$ROOT"/})"
  t0=$(date +%s)
  status=0
  "$bin" "$corpus" -runs="$RUNS" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  secs=$(($(date +%s) - t0))
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n1)
  execs=${execs:-$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$log" | tail -n1)}
  execs=${execs:-0}
  new=$(comm -13 <(echo "$before") <(find "$artifacts" -type f | sort))
  crashes=$(printf '%s' "$new" | grep -c . || true)
  # A run stopped from outside (Ctrl-C, kill) is not a crash.
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && ! grep -q 'libFuzzer: run interrupted' "$log"; then
    crashes=1
  fi
  per_sec=$((execs / (secs > 0 ? secs : 1)))
  echo "  $target: $execs executions in ${secs}s ($per_sec/s), $crashes crash(es)"
  if [ "$crashes" -gt 0 ]; then
    crashed=1
    tail -n 30 "$log" >&2
    printf '  artifact: %s\n' $new >&2
  fi
  rows+=("$(printf '%-12s %12s %8s %10s %8s' "$target" "$execs" "${secs}s" "$per_sec" "$crashes")")
done

echo
echo "---- fuzzing: $RUNS executions per target ----"
printf '%-12s %12s %8s %10s %8s\n' target executions time "exec/s" crashes
printf '%s\n' "${rows[@]}"
[ "$crashed" -eq 0 ] || die "fuzzing found crashes (artifacts under fuzz/artifacts/)"
