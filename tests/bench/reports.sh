#!/usr/bin/env bash
# Export benchmark: 100,000 dispense lines → CSV, XLSX and PDF; time and peak memory of each,
# from a plain database and from one encrypted as the app keeps it (SQLCipher).
# Targets: CSV ≤ 1 s, XLSX ≤ 5 s, PDF ≤ 5 s, peak memory ≤ 300 MB.
# Usage: tests/bench/reports.sh [LINES]   (release build)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
LINES="${1:-100000}"
BIN="$(cargo bench -p counter --bench reports --no-run 2>&1 | tee /dev/stderr | sed -nE 's/.*Executable .*\((.*)\).*/\1/p' | tail -1)"
[ -x "$BIN" ] || { echo "the benchmark binary was not built" >&2; exit 1; }
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
status=0
for mode in plain encrypted; do
  rm -rf "${DIR:?}"/*
  if [ "$mode" = encrypted ]; then export REPORTS_BENCH_ENCRYPTED=1; else unset REPORTS_BENCH_ENCRYPTED; fi
  "$BIN" seed "$DIR" "$LINES"
  echo "reports benchmark: $LINES dispense lines, $mode database"
  for fmt in csv xlsx pdf; do
    case "$fmt" in csv) limit=1;; *) limit=5;; esac
    out="$(/usr/bin/time -v "$BIN" run "$DIR" "$fmt" 2>"$DIR/time.txt")"
    secs="$(echo "$out" | sed -E 's/^[a-z]+: ([0-9.]+) s.*/\1/')"
    kb="$(grep 'Maximum resident set size' "$DIR/time.txt" | awk '{print $NF}')"
    mb=$((kb / 1024))
    verdict=ok
    if awk "BEGIN{exit !($secs > $limit)}" || [ "$mb" -gt 300 ]; then verdict=OVER; status=1; fi
    printf '%-9s %-4s %7.3f s (target ≤ %s s)  peak %4d MB (target ≤ 300 MB)  %s  [%s]\n' \
      "$mode" "$fmt" "$secs" "$limit" "$mb" "$(echo "$out" | sed -E 's/.*s, //')" "$verdict"
  done
done
exit $status
