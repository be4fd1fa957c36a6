#!/usr/bin/env bash
# Refreshes the screenshots in docs/screenshots/: the counter with a prescription card, the
# dispense step and a receipt, in each of the four languages (12 PNGs), from the real app in
# training mode. Builds nothing: build first with
#
#   npm --prefix ui run build && cargo build -p dorixona -p dmed-sandbox -p scan
#   bash tests/e2e/screenshots.sh
#
# It needs what the end-to-end suite needs (scripts/setup.sh), plus poppler's pdftoppm and
# pngquant, both called by their paths in /usr/bin.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
mkdir -p artifacts

if [ -z "${DORIXONA_E2E_IN_DBUS:-}" ]; then
  export DORIXONA_E2E_IN_DBUS=1
  exec /usr/bin/dbus-run-session -- bash "$HERE/screenshots.sh" "$@" \
    2> >(grep --line-buffered -v -E 'dbus-daemon\[|xdg-desktop-portal|Gtk-WARNING|SpiRegistry|pw\.conf|max threads value|^$' >&2)
fi

printf 'pw' | /usr/bin/gnome-keyring-daemon --unlock --components=secrets >/dev/null

exec node "$HERE/screenshots.mjs"
