#!/usr/bin/env bash
# Export benchmark over HTTP: the manager's report of the whole pharmacy, 100,000 dispense lines
# read from a sandbox process through GET /v1/pharmacy/dispenses, then written as CSV, XLSX and
# PDF; time and peak memory of each: the counter's own (VmHWM, printed by the benchmark), not
# /usr/bin/time's figure, which would take in the sandbox it starts as a child.
# Targets as for the local exports: CSV ≤ 1 s, XLSX ≤ 5 s, PDF ≤ 5 s, peak memory ≤ 300 MB.
# Usage: tests/bench/reports-http.sh [LINES]   (release build)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
LINES="${1:-100000}"
cargo build --release -p dmed-sandbox
BIN="$(cargo bench -p counter --bench reports_http --no-run 2>&1 | tee /dev/stderr | sed -nE 's/.*Executable .*\((.*)\).*/\1/p' | tail -1)"
[ -x "$BIN" ] || { echo "the benchmark binary was not built" >&2; exit 1; }
export DMED_SANDBOX_BIN="$PWD/target/release/dmed-sandbox"
status=0
echo "reports over HTTP: $LINES dispense lines of one pharmacy"
for fmt in csv xlsx pdf; do
  case "$fmt" in csv) limit=1;; *) limit=5;; esac
  out="$("$BIN" "$LINES" "$fmt")"
  secs="$(echo "$out" | sed -E 's/^[a-z]+: ([0-9.]+) s.*/\1/')"
  kb="$(echo "$out" | sed -E 's/.*peak ([0-9]+) kB.*/\1/')"
  mb=$((kb / 1024))
  verdict=ok
  if awk "BEGIN{exit !($secs > $limit)}" || [ "$mb" -gt 300 ]; then verdict=OVER; status=1; fi
  printf '%-4s %7.3f s (target ≤ %s s)  peak %4d MB (target ≤ 300 MB)  %s  [%s]\n' \
    "$fmt" "$secs" "$limit" "$mb" "$(echo "$out" | sed -E 's/.*kB, //')" "$verdict"
done
exit $status
