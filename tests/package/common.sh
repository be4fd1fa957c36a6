# Shared by tests/package/*.sh (sourced): the profile's bundle paths, PASS/FAIL/SKIP lines and a
# summary that sets the exit status, and a byte flipper for tampered copies.

# shellcheck source=../../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

PROFILE=debug
for arg in "$@"; do
  case "$arg" in
    --debug) PROFILE=debug ;;
    --release) PROFILE=release ;;
    *) die "unknown argument: $arg (--debug, the default, or --release)" ;;
  esac
done
BUNDLE="$(bundle_dir "$PROFILE")"
REPO="$BUNDLE/repo"
DEB="$(ls "$BUNDLE"/deb/*.deb 2>/dev/null | head -1 || true)"
RPM="$(ls "$BUNDLE"/rpm/*.rpm 2>/dev/null | head -1 || true)"
[ -n "$DEB" ] && [ -n "$RPM" ] && [ -d "$REPO" ] \
  || die "no signed packages in ${BUNDLE#"$ROOT"/}: run bash scripts/package.sh${PROFILE:+ --$PROFILE} first"

PASSED=0 FAILED=0 SKIPPED=0
pass() { printf '\033[1;32mPASS\033[0m %s\n' "$*"; PASSED=$((PASSED + 1)); }
fail() { printf '\033[1;31mFAIL\033[0m %s\n' "$*"; FAILED=$((FAILED + 1)); }
skip() { printf '\033[1;33mSKIP\033[0m %s\n' "$*"; SKIPPED=$((SKIPPED + 1)); }

# check NAME CMD...: PASS when CMD succeeds (its output kept in $T/last.log, shown on failure).
check() {
  local name=$1
  shift
  if "$@" >"$T/last.log" 2>&1; then pass "$name"; else fail "$name"; sed 's/^/     | /' "$T/last.log" | tail -15; fi
}
# refuses NAME CMD...: PASS when CMD fails (a verifier rejecting a tampered copy).
refuses() {
  local name=$1
  shift
  if "$@" >"$T/last.log" 2>&1; then fail "$name (accepted)"; sed 's/^/     | /' "$T/last.log" | tail -5; else pass "$name"; fi
}

# tampered SRC DEST [OFFSET]: DEST is SRC with one byte flipped (at OFFSET, else mid-file).
tampered() {
  local src=$1 dest=$2 size off byte
  cp "$src" "$dest"
  size=$(stat -c %s "$src")
  off=${3:-$((size / 2))}
  byte=$(od -An -tu1 -j "$off" -N1 "$src" | tr -d ' ')
  printf "\\$(printf '%03o' $(((byte ^ 1) & 255)))" | dd of="$dest" bs=1 seek="$off" conv=notrunc status=none
}

summary() {
  printf '\n%s: %d passed, %d failed, %d skipped\n' "$(basename "$0")" "$PASSED" "$FAILED" "$SKIPPED"
  [ "$FAILED" -eq 0 ]
}

T="$(mktemp -d "${TMPDIR:-/tmp}/dorixona-pkgtest.XXXXXX")"
