#!/usr/bin/env bash
# Installs what is missing, then runs every check and test of the project, stopping at the
# first failure: formatting, the UI (build, lint, type check, unit tests), the Rust workspace
# (one build, clippy, nextest against a real Secret Service), the API document against the
# sandbox (schemathesis, bounded), the end-to-end suite through the real app under Xvfb, and
# the packages (built, signed, verified, installed into a clean Debian root). Ends with the
# test runners' own summary lines.
#
#   sudo bash scripts/test.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ -z "${DORIXONA_SKIP_SETUP:-}" ]; then
  step "setup" bash "$ROOT/scripts/setup.sh"
fi
export DORIXONA_SKIP_SETUP=1
drop_to_invoking_user "$ROOT/scripts/test.sh" "$@"

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
E2E_TAP="$ROOT/tests/e2e/artifacts/results.tap"

# logged FILE CMD...: runs CMD with its output shown and saved in FILE.
logged() {
  local file=$1
  shift
  "$@" 2>&1 | tee "$file"
}

strip_colours() {
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g'
}

step "format (cargo fmt --check)" cargo fmt --all -- --check
# The UI first: the Rust build embeds ui/dist.
step "UI build (vite)" npm --prefix ui run build
step "UI lint (eslint)" npm --prefix ui run lint
step "UI type check (svelte-check)" npm --prefix ui run check
step "UI unit tests (vitest)" logged "$LOGS/vitest.log" npm --prefix ui test
step "Rust build (workspace, all targets)" cargo build --workspace --all-targets
step "Rust lint (clippy -D warnings)" cargo clippy --workspace --all-targets -- -D warnings
step "Rust tests (nextest, with a Secret Service)" logged "$LOGS/nextest.log" \
  "$SYS_BIN/dbus-run-session" -- /bin/sh -c 'printf pw | /usr/bin/gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec cargo nextest run --workspace --profile ci'
step "API document vs. sandbox (schemathesis)" logged "$LOGS/schemathesis.log" \
  bash tests/api/schemathesis.sh
step "fuzzing (cargo-fuzz, every target briefly)" logged "$LOGS/fuzz.log" bash tests/fuzz/run.sh
rm -f "$E2E_TAP"
step "end-to-end (tauri-driver, Xvfb)" logged "$LOGS/e2e.log" bash tests/e2e/run.sh
step "packages (build, sign, verify, install test)" logged "$LOGS/package.log" bash tests/package/run.sh

printf '\n\033[1;32mall checks passed in %s\033[0m (logs in %s)\n' "$(total_elapsed)" "${LOGS#"$ROOT"/}"
echo "---- vitest ----"
strip_colours <"$LOGS/vitest.log" | grep -E '^\s*(Test Files|Tests)\s' || true
echo "---- nextest ----"
strip_colours <"$LOGS/nextest.log" | grep -E '^\s*Summary \[' || true
echo "---- schemathesis ----"
strip_colours <"$LOGS/schemathesis.log" | grep -E '^\s*[0-9]+ generated|^=+ .* in [0-9.]+s =+$' || true
echo "---- fuzzing ----"
strip_colours <"$LOGS/fuzz.log" | grep -E 'stat::number_of_executed_units|^==> fuzzing:' || true
echo "---- end-to-end (node --test) ----"
grep -E '^# (tests|pass|fail)' "$E2E_TAP" || true
echo "---- packages ----"
grep -E '^(verify|install)\.sh: ' "$LOGS/package.log" || true
