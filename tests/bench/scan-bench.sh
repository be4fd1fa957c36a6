#!/usr/bin/env bash
# Scanner benchmark: dorixona-scan (release, one thread) next to zbarimg and zxing-cpp on the
# photographed corpus (../shared/corpus/zxing-blackbox) and the generated DMED corpus, at
# <= 1280 px. Prints codes decoded and median ms per folder and decoder.
#   tests/bench/scan-bench.sh [--pipeline full --pipeline rqrr ...] [--max-dim N]
set -euo pipefail
root="$(git rev-parse --show-toplevel)"
corpus="${SCAN_CORPUS:-$root/../shared/corpus}/zxing-blackbox"
gen="$root/target/corpus-gen"

if ! command -v zbarimg >/dev/null; then
  apt-get install -y zbar-tools >/dev/null || sudo apt-get install -y zbar-tools >/dev/null
fi
python3 -c 'import zxingcpp, PIL, numpy, qrcode' 2>/dev/null \
  || pip install --quiet zxing-cpp pillow numpy qrcode

cd "$root"
cargo build -p scan --release --bin dorixona-scan ${SCAN_FEATURES:+--features "$SCAN_FEATURES"} >&2
if [ ! -d "$gen/pack-dm" ]; then
  python3 tests/corpus-gen/gen.py --out "$gen" >&2
fi
if [ ! -d "$corpus" ]; then
  echo "corpus not found at $corpus (set SCAN_CORPUS)" >&2
  exit 1
fi
folders=()
for d in "$corpus"/*/; do folders+=("$d"); done
folders+=("$gen/dmed-qr" "$gen/pack-dm" "$gen/frame720-code" "$gen/frame720-empty")
python3 tests/bench/scan-bench.py --bin "$root/target/release/dorixona-scan" "$@" "${folders[@]}"
