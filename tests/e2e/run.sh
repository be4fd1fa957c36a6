#!/usr/bin/env bash
# Runs the end-to-end suite against the built app (target/debug/dorixona and dmed-sandbox),
# inside a private D-Bus session with an unlocked gnome-keyring, so the app's keyring calls hit
# a real Secret Service. The tests start Xvfb, tauri-driver and the app themselves and stop
# them whatever happens. Results: spec output on stdout, TAP in artifacts/results.tap,
# screenshots and app logs in artifacts/.
#
#   bash tests/e2e/run.sh            (after: npm --prefix ui run build && cargo build --workspace)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
mkdir -p artifacts

if [ -z "${DORIXONA_E2E_IN_DBUS:-}" ]; then
  export DORIXONA_E2E_IN_DBUS=1
  # Keep the session bus's chatter (service activation, portals, accessibility) out of the output.
  exec /usr/bin/dbus-run-session -- bash "$HERE/run.sh" "$@" \
    2> >(grep --line-buffered -v -E 'dbus-daemon\[|xdg-desktop-portal|Gtk-WARNING|SpiRegistry|pw\.conf|max threads value|^$' >&2)
fi

printf 'pw' | /usr/bin/gnome-keyring-daemon --unlock --components=secrets >/dev/null

exec node --test --test-concurrency=1 --test-timeout=300000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=artifacts/results.tap \
  specs/*.test.mjs
