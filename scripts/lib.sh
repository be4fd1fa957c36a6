# Shared helpers for the project scripts (sourced, not run).
#
# - ROOT: the repository root; every script works from there.
# - step NAME CMD...: prints a banner, runs CMD, prints how long it took; a failure stops the script.
# - as_root CMD...: runs CMD as root (directly, or through sudo when run as a normal user).
# - drop_to_invoking_user SCRIPT ARGS...: when started as `sudo bash scripts/x.sh`, re-runs the
#   script as the user who called sudo, so that builds, caches and the app belong to that user
#   and not to root. Root is only needed for apt.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Where rustup/cargo put their binaries.
if [ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]; then
  PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
# .ci/run puts a directory of decoys first (a bare python3, failing stand-ins for the tools the
# project calls) to prove that nothing is called by a bare name; kept across sudo.
if [ -n "${DORIXONA_PATH_PREFIX:-}" ]; then
  PATH="$DORIXONA_PATH_PREFIX:$PATH"
fi
export PATH

# Programs the scripts call, by the path setup provides them at, never by a bare name, so that
# whatever else is first on PATH (pyenv, a virtualenv, conda, a tool built from source) cannot
# stand in for them. Debian's packages live in /usr/bin; Python runs in the project's own
# virtualenv, made from Debian's interpreter with the packages in scripts/python-tools.txt.
SYS_BIN=/usr/bin
TOOLS_PY_DIR="$ROOT/.tools/py"
TOOLS_PY="$TOOLS_PY_DIR/bin/python"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export SYS_BIN TOOLS_PY CARGO_BIN

# The oldest versions the project builds with.
MIN_RUST="1.85"
MIN_NODE="20.19"

SCRIPT_STARTED=$(date +%s)

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

# Human-readable duration of N seconds.
elapsed() {
  local s=$1
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# step NAME CMD...: banner, run, elapsed time.
step() {
  local name=$1
  shift
  local t0
  t0=$(date +%s)
  printf '\n\033[1;34m──── %s ────\033[0m\n' "$name"
  if "$@"; then
    printf '\033[1;34m──── %s: ok in %s ────\033[0m\n' "$name" "$(elapsed $(($(date +%s) - t0)))"
  else
    local rc=$?
    printf '\033[1;31m──── %s: FAILED (exit %d) after %s ────\033[0m\n' "$name" "$rc" "$(elapsed $(($(date +%s) - t0)))" >&2
    exit "$rc"
  fi
}

total_elapsed() {
  elapsed $(($(date +%s) - SCRIPT_STARTED))
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "root rights are needed for: $*  (run this script with sudo)"
  fi
}

# True when started through sudo by a normal user.
started_by_sudo() {
  [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "${SUDO_USER}" != root ]
}

drop_to_invoking_user() {
  if started_by_sudo; then
    say "continuing as ${SUDO_USER} (only the system packages needed root)"
    exec sudo -u "$SUDO_USER" -H \
      --preserve-env=DORIXONA_PATH_PREFIX,DISPLAY,WAYLAND_DISPLAY,XAUTHORITY,XDG_RUNTIME_DIR,RUST_LOG,DORIXONA_DATA_DIR,DORIXONA_ENDPOINT,DORIXONA_SKIP_SETUP,DORIXONA_E2E_KEEP,DORIXONA_UPDATE_SCREENSHOT \
      bash "$@"
  fi
}

# version_ge A B: true when version A >= version B (dotted numbers).
version_ge() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# need_tools_py: fails with a clear message when the project's Python is not set up.
need_tools_py() {
  [ -x "$TOOLS_PY" ] || die "the project's Python ($TOOLS_PY) is missing; run: sudo bash scripts/setup.sh"
}

# sandbox_workdir: makes a scratch folder $WORK and an EXIT trap that stops the sandbox
# start_sandbox started and removes $WORK.
sandbox_workdir() {
  WORK="$(mktemp -d)"
  SANDBOX_PID=""
  trap stop_sandbox EXIT
}

stop_sandbox() {
  if [ -n "${SANDBOX_PID:-}" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  rm -rf "${WORK:?}"
}

# start_sandbox BIN DB: starts the sandbox BIN on a free loopback port with database DB, its
# output in $WORK (see sandbox_workdir), and waits until it listens. Sets SANDBOX_PID and
# SANDBOX_URL, or stops the script with the sandbox's stderr. The caller's EXIT trap stops it.
start_sandbox() {
  local bin=$1 db=$2
  RUST_LOG=warn "$bin" --addr 127.0.0.1:0 --db "$db" >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
  SANDBOX_PID=$!
  local _
  for _ in $(seq 1 300); do
    grep -q '^listening on ' "$WORK/sandbox.out" 2>/dev/null && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  SANDBOX_URL="$(sed -n 's/^listening on //p' "$WORK/sandbox.out")"
  if [ -z "$SANDBOX_URL" ]; then
    cat "$WORK/sandbox.err" >&2
    die "the sandbox did not start (its stderr is above)"
  fi
}

# ensure_apt PKG...: installs those of Debian's packages PKG that are missing (one
# `apt-get update` per script first), as root. For scripts that need a tool setup.sh does not
# install (packaging, signing, the install test).
ENSURE_APT_UPDATED=""
ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$ENSURE_APT_UPDATED" ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    ENSURE_APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# The Tauri CLI: the npm package @tauri-apps/cli, a devDependency of ui/ (a native binary inside
# the package), called by its path. need_tauri_cli installs ui/'s packages when it is missing.
TAURI_CLI="$ROOT/ui/node_modules/.bin/tauri"
export TAURI_CLI
need_tauri_cli() {
  if [ ! -x "$TAURI_CLI" ]; then
    say "npm ci in ui (for the Tauri CLI)"
    npm --prefix "$ROOT/ui" ci --no-audit --no-fund
  fi
  [ -x "$TAURI_CLI" ] || die "the Tauri CLI ($TAURI_CLI) is missing after npm ci in ui/"
}

# bundle_dir debug|release: where the Tauri bundler puts that profile's packages.
bundle_dir() {
  echo "${CARGO_TARGET_DIR:-$ROOT/target}/$1/bundle"
}

# stage NAME CMD...: like step, for CMD a shell function of the calling script: it runs outside
# any `if`, so `set -e` stops the script at the function's first failing command (inside
# `step`'s `if` bash ignores -e in functions and would carry on after a failure). A failure
# prints no banner of its own: the failing command's message is the last thing shown.
stage() {
  local name=$1 t0
  shift
  t0=$(date +%s)
  printf '\n\033[1;34m──── %s ────\033[0m\n' "$name"
  "$@"
  printf '\033[1;34m──── %s: ok in %s ────\033[0m\n' "$name" "$(elapsed $(($(date +%s) - t0)))"
}

# dep_names: the package names in a Depends field on stdin, one a line (alternatives too,
# versions dropped).
dep_names() {
  tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | grep -v '^$'
}
