# What tests/fuzz/run.sh and tests/bench/fuzz.sh share (sourced after scripts/lib.sh): the fuzz
# targets, cargo-fuzz at the path setup installs it to, and one build of every target.
#
# - FUZZ_TARGETS: every target in fuzz/fuzz_targets, in the order they run.
# - need_cargo_fuzz: installs cargo-fuzz when $CARGO_BIN/cargo-fuzz is missing; fails when the
#   nightly toolchain (libFuzzer and ASan need it) is missing.
# - fuzz_build: builds every target once (release, debug assertions, AddressSanitizer).
# - fuzz_prepare [TARGET…]: the targets to run (TARGETS), cargo-fuzz checked, targets built.
# - fuzz_bin TARGET: the path of a built target.
# - seed_corpus TARGET DIR: copies the committed seeds of TARGET into DIR.

FUZZ_DIR="$ROOT/fuzz"
CARGO_FUZZ="$CARGO_BIN/cargo-fuzz"
FUZZ_TRIPLE="x86_64-unknown-linux-gnu"
FUZZ_TARGETS=(qr_payload pinfl rx_number access_code pack_code answers)

need_cargo_fuzz() {
  if [ ! -x "$CARGO_FUZZ" ]; then
    say "cargo install cargo-fuzz --locked"
    "$CARGO_BIN/cargo" install cargo-fuzz --locked
  fi
  "$CARGO_BIN/rustup" toolchain list | grep -q '^nightly' \
    || die "the nightly toolchain is missing (cargo-fuzz needs it); run: sudo bash scripts/setup.sh"
}

# cargo-fuzz runs cargo on the nightly toolchain through rustup's proxy.
cargo_fuzz() {
  (cd "$ROOT" && RUSTUP_TOOLCHAIN=nightly CARGO="$CARGO_BIN/cargo" "$CARGO_FUZZ" fuzz "$@")
}

fuzz_build() {
  cargo_fuzz build --target "$FUZZ_TRIPLE"
}

fuzz_bin() {
  echo "$FUZZ_DIR/target/$FUZZ_TRIPLE/release/$1"
}

seed_corpus() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  if [ -d "$FUZZ_DIR/seeds/$target" ]; then
    cp -R "$FUZZ_DIR/seeds/$target/." "$dir/"
  fi
}

# fuzz_prepare [TARGET…]: TARGETS becomes the targets named (every target when none), then
# cargo-fuzz and the nightly toolchain are checked and every target is built once.
fuzz_prepare() {
  if [ $# -gt 0 ]; then
    TARGETS=("$@")
  else
    TARGETS=("${FUZZ_TARGETS[@]}")
  fi
  step "cargo-fuzz and nightly" need_cargo_fuzz
  step "build fuzz targets (nightly, ASan)" fuzz_build
}
