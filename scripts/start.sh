#!/usr/bin/env bash
# Installs what is missing, builds the UI and the app, and starts Dorixona.
#
#   sudo bash scripts/start.sh
#
# With no central API configured (env DORIXONA_ENDPOINT or the app's settings) the app starts in
# training mode: a built-in demo server, with the demo credentials shown on the sign-in screen.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ -z "${DORIXONA_SKIP_SETUP:-}" ]; then
  step "setup" bash "$ROOT/scripts/setup.sh"
fi
export DORIXONA_SKIP_SETUP=1
drop_to_invoking_user "$ROOT/scripts/start.sh" "$@"

step "build the UI (ui/dist)" npm --prefix ui run build
step "build the app" cargo build -p dorixona

APP="$ROOT/target/debug/dorixona"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  say "built $APP, but there is no display (\$DISPLAY is empty)."
  say "On a desktop, run: $APP"
  say "Headless, on a virtual display: xvfb-run -a $APP"
  exit 0
fi

if [ -n "${DORIXONA_ENDPOINT:-}" ]; then
  say "starting Dorixona against $DORIXONA_ENDPOINT"
else
  say "starting Dorixona (training mode unless a central API is set in the settings)"
fi
exec "$APP" "$@"
