#!/usr/bin/env bash
# Scanner benchmark: dorixona-scan (release, one thread) next to zbarimg and zxing-cpp on the
# photographed corpus (../shared/corpus/zxing-blackbox) and the generated DMED corpus, at
# <= 1280 px, and on the generator's hard cases (several codes per picture at any rotation, hard
# shadows, dim and over-exposed pictures, damaged codes). Prints, per folder and decoder, codes
# found, pictures with a code found and the median ms, then the targets (PASS/MISS).
#   tests/bench/scan-bench.sh [--pipeline full --pipeline rqrr ...] [--max-dim N]
# zbarimg and the Python packages come from scripts/setup.sh (Debian's zbar-tools, the project's
# own Python in .tools/py); both are called by their paths.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
root="$ROOT"
corpus="${SCAN_CORPUS:-$root/../shared/corpus}/zxing-blackbox"
gen="$root/target/corpus-gen"

[ -x "$SYS_BIN/zbarimg" ] || die "$SYS_BIN/zbarimg is missing; run: sudo bash scripts/setup.sh"
need_tools_py

cd "$root"
cargo build -p scan --release --bin dorixona-scan ${SCAN_FEATURES:+--features "$SCAN_FEATURES"} >&2
if [ ! -d "$gen/damaged" ]; then
  "$TOOLS_PY" tests/corpus-gen/gen.py --out "$gen" >&2
fi
if [ ! -d "$corpus" ]; then
  echo "corpus not found at $corpus (set SCAN_CORPUS)" >&2
  exit 1
fi
folders=()
for d in "$corpus"/*/; do folders+=("$d"); done
folders+=("$gen/dmed-qr" "$gen/pack-dm" "$gen/frame720-code" "$gen/frame720-empty")
for hard in multi-rotated shadow dim overexposed damaged; do folders+=("$gen/$hard"); done
"$TOOLS_PY" tests/bench/scan-bench.py --bin "$root/target/release/dorixona-scan" --zbarimg "$SYS_BIN/zbarimg" "$@" "${folders[@]}"
