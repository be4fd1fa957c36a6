#!/usr/bin/env bash
# Audit benchmark: a hash-chained log of 1,000,000 rows in an encrypted counter database, then
# one full `audit verify` of it (release build). Prints the seed time and the verify time.
# Usage: tests/bench/audit-verify.sh [ROWS]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
ROWS="${1:-1000000}"
BIN="$(cargo bench -p counter --bench audit --no-run 2>&1 | tee /dev/stderr | sed -nE 's/.*Executable .*\((.*)\).*/\1/p' | tail -1)"
[ -x "$BIN" ] || { echo "the benchmark binary was not built" >&2; exit 1; }
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
start=$(date +%s%N)
"$BIN" seed "$DIR" "$ROWS"
echo "seed: $ROWS rows in $(( ($(date +%s%N) - start) / 1000000 )) ms"
"$BIN" verify "$DIR"
