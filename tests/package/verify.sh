#!/usr/bin/env bash
# Checks the packages and repositories scripts/package.sh made: what the deb carries (desktop
# entry, AppStream, icons, Depends against dpkg-shlibdeps), and every signature, each with a
# verifier that must accept the real file AND refuse a copy with one byte flipped:
#   deb       debsig-verify with the policy and keyring package.sh exported
#   rpm       rpm -K against the key imported into a throwaway rpm database
#   apt       gpgv on InRelease and Release.gpg, the Packages hash in Release, apt-get update
#   yum       gpgv on repodata/repomd.xml.asc, primary.xml's hash in repomd.xml
#   updater   minisign -V on the .sig of the deb and the rpm with the updater public key
# Prints PASS/FAIL/SKIP per check; exits non-zero on any FAIL. About 15 s.
#
#   bash tests/package/verify.sh [--debug|--release]     (after: bash scripts/package.sh --debug)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap 'rm -rf "$T"' EXIT
ensure_apt debsig-verify rpm gnupg gpgv minisign appstream desktop-file-utils dpkg-dev apt

KEYS="$REPO/keys"
KEYRING="$KEYS/dorixona-archive-keyring.gpg"
VERSION="$(dpkg-deb -f "$DEB" Version)"
echo "checking ${DEB#"$ROOT"/} and ${RPM#"$ROOT"/} ($VERSION), ${REPO#"$ROOT"/}"
if [ -f "$KEYS/THROWAWAY" ]; then echo "(signed with throwaway keys: the checks are the same)"; fi

# ---- what the deb carries ----
dpkg-deb -x "$DEB" "$T/deb"
DESKTOP="$T/deb/usr/share/applications/Dorixona.desktop"
check "deb: desktop entry valid (desktop-file-validate)" "$SYS_BIN/desktop-file-validate" "$DESKTOP"
has_keys() { local k; for k in 'Categories=Office;MedicalSoftware;' 'Comment=.' 'Comment\[uz\]=.' 'Comment\[uz@cyrillic\]=.' 'Comment\[ru\]=.'; do grep -q "^$k" "$DESKTOP" || { echo "no $k"; return 1; }; done; }
check "deb: desktop entry has Categories, Comment and its uz, uz@cyrillic, ru translations" has_keys
check "deb: AppStream metainfo in /usr/share/metainfo valid (appstreamcli --no-net)" \
  "$SYS_BIN/appstreamcli" validate --no-net "$T/deb/usr/share/metainfo/uz.dorixona.counter.metainfo.xml"
icons() { local s; for s in 32x32 128x128 256x256@2 512x512; do [ -s "$T/deb/usr/share/icons/hicolor/$s/apps/dorixona.png" ] || { echo "missing $s"; return 1; }; done; }
check "deb: icons from icons/ in hicolor (32, 128, 256@2, 512)" icons
depends_cover_shlibs() {
  mkdir -p "$T/shl/debian"
  printf 'Source: dorixona\n\nPackage: dorixona\nArchitecture: any\n' >"$T/shl/debian/control"
  local needed depends pkg rc=0
  needed="$(cd "$T/shl" && dpkg-shlibdeps -O "$T/deb/usr/bin/dorixona" 2>/dev/null | sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed -E 's/^ *//; s/ .*//')"
  depends="$(dpkg-deb -f "$DEB" Depends)"
  echo "Depends: $depends"
  for pkg in $needed; do dep_names <<<"$depends" | grep -qxF "$pkg" || { echo "missing: $pkg"; rc=1; }; done
  grep -q 'gnome-keyring' <<<"$depends" || { echo "missing: a Secret Service"; rc=1; }
  return $rc
}
check "deb: Depends covers dpkg-shlibdeps of the binary, and a Secret Service" depends_cover_shlibs

conffile() {
  dpkg-deb -I "$DEB" conffiles | tee /dev/stderr | grep -qx /etc/dorixona/config.toml \
    && dpkg-deb -I "$DEB" postrm | grep -q 'rm -rf /etc/dorixona'
}
check "deb: /etc/dorixona/config.toml is a conffile; postrm purge removes /etc/dorixona" conffile
rpm_files() {
  local list f
  list="$("$SYS_BIN/rpm" -qlp "$RPM" 2>/dev/null)"
  for f in /usr/bin/dorixona /usr/share/applications/Dorixona.desktop \
    /usr/share/metainfo/uz.dorixona.counter.metainfo.xml /usr/share/icons/hicolor/128x128/apps/dorixona.png; do
    grep -qxF "$f" <<<"$list" || { echo "missing in the rpm: $f"; return 1; }
  done
}
check "rpm: carries the binary, desktop entry, metainfo and icons" rpm_files
rpm_requires() {
  local req lib rc=0
  req="$("$SYS_BIN/rpm" -qpR "$RPM" 2>/dev/null)"
  for lib in $("$SYS_BIN/readelf" -d "$T/deb/usr/bin/dorixona" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    case "$lib" in libc.so.6 | libm.so.6 | libgcc_s.so.1 | ld-linux-x86-64.so.2) continue ;; esac
    grep -qF "$lib()(64bit)" <<<"$req" || { echo "the rpm does not require $lib()(64bit)"; rc=1; }
  done
  return $rc
}
check "rpm: requires every library the binary links, by soname" rpm_requires

# ---- deb: debsigs signature, debsig-verify with the exported policy ----
debsig() {
  "$SYS_BIN/debsig-verify" --policies-dir "$KEYS/debsig/policies" --keyrings-dir "$KEYS/debsig/keyrings" "$1"
}
check "deb signature (debsig-verify, origin policy)" debsig "$DEB"
tampered "$DEB" "$T/tampered.deb"
refuses "deb signature refuses a tampered copy" debsig "$T/tampered.deb"

# ---- rpm: rpm -K against the key in a throwaway rpm database ----
mkdir -p "$T/rpmdb" "$T/rpmdb-empty"
"$SYS_BIN/rpm" --dbpath "$T/rpmdb" --import "$KEYS/dorixona-archive-key.asc"
rpm_signed_ok() {
  local out
  out="$("$SYS_BIN/rpm" --dbpath "$1" -K "$2" 2>&1)" || { echo "$out"; return 1; }
  echo "$out"
  grep -q 'signatures OK' <<<"$out"
}
check "rpm signature (rpm -K: digests signatures OK)" rpm_signed_ok "$T/rpmdb" "$RPM"
tampered "$RPM" "$T/tampered.rpm"
refuses "rpm signature refuses a tampered copy" rpm_signed_ok "$T/rpmdb" "$T/tampered.rpm"
refuses "rpm signature refuses when the key is not imported" rpm_signed_ok "$T/rpmdb-empty" "$RPM"

# ---- apt repository ----
DIST="$REPO/deb/dists/stable"
check "apt InRelease (gpgv with the exported keyring)" "$SYS_BIN/gpgv" --keyring "$KEYRING" "$DIST/InRelease"
check "apt Release.gpg (gpgv)" "$SYS_BIN/gpgv" --keyring "$KEYRING" "$DIST/Release.gpg" "$DIST/Release"
# A byte of the signed text (inside the Origin/Label lines), not of the armour.
tampered "$DIST/InRelease" "$T/InRelease" "$(($(grep -b -m1 '^Origin:' "$DIST/InRelease" | cut -d: -f1) + 9))"
refuses "apt InRelease refuses a tampered copy" "$SYS_BIN/gpgv" --keyring "$KEYRING" "$T/InRelease"
packages_hash() {
  local want have
  want="$(awk '/^SHA256:/ {s=1; next} /^[A-Za-z]/ {s=0} s && $3 == "main/binary-amd64/Packages" {print $1}' "$DIST/Release")"
  have="$(sha256sum "$DIST/main/binary-amd64/Packages" | cut -d' ' -f1)"
  echo "Release: $want  Packages: $have"
  [ -n "$want" ] && [ "$want" = "$have" ]
}
check "apt Release pins the Packages file (SHA256)" packages_hash
# apt itself, as a counter would use it: its own state dirs, the key by signed-by=.
apt_update() {
  local root=$1 dir="$T/apt-$2"
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/etc/preferences.d"
  echo "deb [signed-by=$KEYRING] file:$root stable main" >"$dir/sources.list"
  local o=(-o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::Etc::Preferences="$dir/etc/prefs" -o Dir::Etc::PreferencesParts="$dir/etc/preferences.d"
    -o Dir::State::Lists="$dir/lists" -o Dir::State::status=/var/lib/dpkg/status -o Dir::Cache="$dir/cache"
    -o APT::Sandbox::User=root -o Debug::NoLocking=1)
  "$SYS_BIN/apt-get" "${o[@]}" update >"$dir/update.log" 2>&1 || true
  "$SYS_BIN/apt-cache" "${o[@]}" policy dorixona >"$dir/policy.log" 2>&1 || true
  cat "$dir/update.log" "$dir/policy.log"
  if grep -E '^(W|E): ' "$dir/update.log"; then echo "(apt warned or failed: above)"; return 1; fi
  grep -q "Candidate: $VERSION" "$dir/policy.log"
}
check "apt-get update takes the repository (signed-by=) and offers dorixona $VERSION" apt_update "$REPO/deb" good
cp -a "$REPO/deb" "$T/deb-repo-tampered"
cp "$T/InRelease" "$T/deb-repo-tampered/dists/stable/InRelease"
rm -f "$T/deb-repo-tampered/dists/stable/Release.gpg"
refuses "apt-get update refuses the repository with a tampered InRelease" apt_update "$T/deb-repo-tampered" bad

# ---- yum repository ----
REPOMD="$REPO/rpm/repodata/repomd.xml"
check "yum repomd.xml.asc (gpgv)" "$SYS_BIN/gpgv" --keyring "$KEYRING" "$REPOMD.asc" "$REPOMD"
tampered "$REPOMD" "$T/repomd.xml"
refuses "yum repomd.xml.asc refuses a tampered repomd.xml" "$SYS_BIN/gpgv" --keyring "$KEYRING" "$REPOMD.asc" "$T/repomd.xml"
primary_hash() {
  local href want have
  href="$(grep -A6 '<data type="primary">' "$REPOMD" | sed -n 's/.*<location href="\([^"]*\)".*/\1/p')"
  want="$(grep -A6 '<data type="primary">' "$REPOMD" | sed -n 's/.*<checksum type="sha256">\([0-9a-f]*\)<.*/\1/p')"
  have="$(sha256sum "$REPO/rpm/$href" | cut -d' ' -f1)"
  echo "repomd: $want  $href: $have"
  [ -n "$want" ] && [ "$want" = "$have" ] && zcat "$REPO/rpm/$href" | grep -q "<name>dorixona</name>"
}
check "yum repomd.xml pins primary.xml (SHA256), which lists dorixona" primary_hash

# ---- updater signatures (minisign, Tauri's format: base64 of minisign's files) ----
base64 -d "$KEYS/dorixona-updater.pub" >"$T/updater.pub"
updater_ok() {
  base64 -d "$2" >"$T/sig.minisig"
  "$SYS_BIN/minisign" -V -p "$T/updater.pub" -m "$1" -x "$T/sig.minisig"
}
for f in "$DEB" "$RPM"; do
  kind="${f##*.}"
  check "updater signature of the $kind (minisign -V)" updater_ok "$f" "$f.sig"
  tampered "$f" "$T/tampered-updater.$kind"
  refuses "updater signature refuses a tampered $kind" updater_ok "$T/tampered-updater.$kind" "$f.sig"
done
version_bound() {
  base64 -d "$DEB.sig" | grep -q "version:$VERSION"
}
check "updater signature is bound to version $VERSION (trusted comment)" version_bound
manifest_ok() {
  "$SYS_BIN/python3" - "$REPO/updater/latest.json" "$DEB.sig" "$RPM.sig" "$VERSION" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["version"] == sys.argv[4], m["version"]
assert m["platforms"]["linux-x86_64-deb"]["signature"] == open(sys.argv[2]).read().strip()
assert m["platforms"]["linux-x86_64-rpm"]["signature"] == open(sys.argv[3]).read().strip()
print("latest.json:", ", ".join(m["platforms"]))
PY
}
check "updater manifest (latest.json) carries both signatures" manifest_ok

summary
