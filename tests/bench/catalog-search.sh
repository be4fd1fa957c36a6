#!/usr/bin/env bash
# Catalogue search benchmark (release build): a generated catalogue of 10,000 products, then
# searches as people type them (Latin, Cyrillic, INN, GTIN, scanned pack, the picker of one INN
# with 30 products). Prints per kind of query the median, 95th percentile and slowest search,
# against the 50 ms target.
# Usage: tests/bench/catalog-search.sh [PRODUCTS]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
N="${1:-10000}"
BIN="$(cargo bench -p counter --bench catalog_search --no-run 2>&1 | tee /dev/stderr | sed -nE 's/.*Executable .*\((.*)\).*/\1/p' | tail -1)"
[ -x "$BIN" ] || { echo "the benchmark binary was not built" >&2; exit 1; }
"$BIN" "$N"
