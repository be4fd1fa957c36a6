#!/usr/bin/env bash
# Frame-to-screen latency of camera reads through the real app (see scan-latency.mjs).
#   bash tests/bench/scan-latency.sh [N]
# Needs the built app and sandbox (npm --prefix ui run build && cargo build -p dorixona -p dmed-sandbox).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SCAN_LATENCY_N="${1:-50}"
if [ -z "${DORIXONA_E2E_IN_DBUS:-}" ]; then
  export DORIXONA_E2E_IN_DBUS=1
  exec /usr/bin/dbus-run-session -- bash "$HERE/scan-latency.sh" "$@"
fi
printf 'pw' | /usr/bin/gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec node --test --test-reporter=spec "$HERE/scan-latency.mjs" 2> >(grep --line-buffered -v -E 'dbus-daemon\[|xdg-desktop-portal|Gtk-WARNING|SpiRegistry|pw\.conf|^$' >&2)
