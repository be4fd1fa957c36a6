#!/usr/bin/env bash
# Makes tests/update/cli-signed/ again with the real Tauri CLI: a throw-away key pair
# (`tauri signer generate`), a stand-in AppImage of VERSION and its signature
# (`tauri signer sign --app-version`, as `tauri build` signs updater artifacts). The private
# key is deleted at the end: only the public half, the package and the signature are kept, for
# `src-tauri/tests/update_feed.rs` to check that what the CLI signs is what the app accepts.
#
#   bash tests/update/make-cli-fixture.sh            # uses `npx @tauri-apps/cli@2`
#   TAURI=/path/to/tauri bash tests/update/make-cli-fixture.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/cli-signed"
VERSION="${VERSION:-99.0.0}"
TAURI="${TAURI:-npx --yes @tauri-apps/cli@2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$OUT"
$TAURI signer generate --ci -p "" -w "$WORK/release.key" >/dev/null
# A stand-in AppImage: an ELF header (the updater checks it) and a line of text.
{
  printf '\x7fELF\x02\x01\x01\x00'
  head -c 56 /dev/zero
  printf 'Dorixona %s stand-in AppImage, signed by the Tauri CLI\n' "$VERSION"
} >"$WORK/Dorixona.AppImage"
TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
  $TAURI signer sign -f "$WORK/release.key" --app-version "$VERSION" "$WORK/Dorixona.AppImage" >/dev/null

cp "$WORK/release.key.pub" "$OUT/release.key.pub"
cp "$WORK/Dorixona.AppImage" "$WORK/Dorixona.AppImage.sig" "$OUT/"
printf '%s\n' "$VERSION" >"$OUT/VERSION"
$TAURI --version >"$OUT/CLI_VERSION"
echo "wrote $OUT (the private key is gone)"
