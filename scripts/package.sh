#!/usr/bin/env bash
# Builds Dorixona's Linux packages with the Tauri bundler and signs them:
#   - the .deb (debsigs, GPG) and the .rpm (rpmsign --addsign, GPG);
#   - both as updater artifacts (`tauri signer sign`: minisign, a .sig beside each);
#   - a signed apt repository (repo/deb: Packages, Release, InRelease, Release.gpg) and a
#     signed yum repository (repo/rpm: createrepo_c, repodata/repomd.xml.asc), the public keys
#     beside them (repo/keys), a debsig-verify policy and an updater manifest (latest.json).
#
#   bash scripts/package.sh            release profile → target/release/bundle/{deb,rpm,repo}
#   bash scripts/package.sh --debug    debug profile   → target/debug/bundle/…  (fast; the tests)
#
# Keys come from the environment (see docs/decisions/0022-packages-and-signing.md):
#   DORIXONA_GPG_KEY_ID      the signing key's id or fingerprint, in GNUPGHOME (or ~/.gnupg);
#                            it must sign without a prompt (a CI key, or an agent with it unlocked)
#   TAURI_SIGNING_PRIVATE_KEY (the key, or a path to it) and TAURI_SIGNING_PRIVATE_KEY_PASSWORD;
#   DORIXONA_UPDATER_PUBKEY  its public key (else plugins > updater > pubkey of tauri.conf.json)
#   DORIXONA_RELEASE_URL     where the repository will be served (latest.json's links)
# Without them a throwaway pair is made for this run only, and the run says so loudly.
# Installs what it needs (Debian's rpm, debsigs, createrepo-c, apt-utils, gnupg, appstream,
# desktop-file-utils, minisign; the Tauri CLI from ui/'s npm packages).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PROFILE=release
for arg in "$@"; do
  case "$arg" in
    --debug) PROFILE=debug ;;
    --release) PROFILE=release ;;
    -h | --help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

ensure_apt rpm debsigs createrepo-c apt-utils gnupg gpgv appstream desktop-file-utils minisign dpkg-dev binutils
drop_to_invoking_user "$ROOT/scripts/package.sh" "$@"
need_tauri_cli

GPG=$SYS_BIN/gpg
BUNDLE="$(bundle_dir "$PROFILE")"
BIN="$(dirname "$BUNDLE")/dorixona"
REPO="$BUNDLE/repo"
KEYS="$(mktemp -d "${TMPDIR:-/tmp}/dorixona-package.XXXXXX")"
cleanup() {
  if [ -n "${THROWAWAY_GPG:-}" ]; then
    GNUPGHOME="$KEYS/gnupg" "$SYS_BIN/gpgconf" --kill all 2>/dev/null || true
  fi
  rm -rf "$KEYS"
}
trap cleanup EXIT

loud() {
  printf '\n\033[1;41;97m  %s  \033[0m\n' "$@" >&2
}

# ---- keys: from the environment, else a throwaway pair for this run ----

gpg_keys() {
  if [ -n "${DORIXONA_GPG_KEY_ID:-}" ]; then
    GPG_KEY="$DORIXONA_GPG_KEY_ID"
    "$GPG" --batch --list-secret-keys "$GPG_KEY" >/dev/null \
      || die "DORIXONA_GPG_KEY_ID=$GPG_KEY has no secret key in ${GNUPGHOME:-~/.gnupg}"
    say "GPG: signing with $GPG_KEY from ${GNUPGHOME:-~/.gnupg}"
  else
    THROWAWAY_GPG=1
    export GNUPGHOME="$KEYS/gnupg"
    mkdir -m 700 "$GNUPGHOME"
    loud "NO DORIXONA_GPG_KEY_ID: signing with a THROWAWAY GPG key made for this run only." \
      "Nothing signed by it can be trusted by a counter; set DORIXONA_GPG_KEY_ID for a release."
    "$GPG" --batch --quiet --pinentry-mode loopback --passphrase '' --quick-generate-key \
      "Dorixona packages (THROWAWAY test key) <packages@dorixona.invalid>" rsa3072 sign 2d
    GPG_KEY="$("$GPG" --batch --with-colons --list-secret-keys | awk -F: '/^fpr:/ {print $10; exit}')"
  fi
  GPG_FPR="$("$GPG" --batch --with-colons --list-keys "$GPG_KEY" | awk -F: '/^fpr:/ {print $10; exit}')"
  # debsigs signs with the key's long id; debsig-verify's policies are named by it.
  GPG_LONG_ID="${GPG_FPR: -16}"
}

updater_keys() {
  TAURI_SIGN_ARGS=()
  if [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
    if [ -f "$TAURI_SIGNING_PRIVATE_KEY" ]; then
      TAURI_SIGN_ARGS=(-f "$TAURI_SIGNING_PRIVATE_KEY")
    else
      printf '%s' "$TAURI_SIGNING_PRIVATE_KEY" >"$KEYS/updater.key"
      TAURI_SIGN_ARGS=(-f "$KEYS/updater.key")
    fi
    UPDATER_PUB="${DORIXONA_UPDATER_PUBKEY:-$("$SYS_BIN/python3" -c 'import json,sys
print(json.load(open(sys.argv[1])).get("plugins", {}).get("updater", {}).get("pubkey", ""))' src-tauri/tauri.conf.json)}"
    [ -n "$UPDATER_PUB" ] || die "TAURI_SIGNING_PRIVATE_KEY is set but no public key to check it against: set DORIXONA_UPDATER_PUBKEY or plugins > updater > pubkey"
    say "updater: signing with TAURI_SIGNING_PRIVATE_KEY"
  else
    loud "NO TAURI_SIGNING_PRIVATE_KEY: signing updates with a THROWAWAY key made for this run only." \
      "No installed counter will accept these updates; set TAURI_SIGNING_PRIVATE_KEY for a release."
    "$TAURI_CLI" signer generate --ci -p "" -w "$KEYS/updater.key" >/dev/null
    TAURI_SIGN_ARGS=(-f "$KEYS/updater.key")
    UPDATER_PUB="$(cat "$KEYS/updater.key.pub")"
    export TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""
  fi
  TAURI_SIGN_ARGS+=(-p "${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}")
}

# ---- build ----

# The bundler's own updater signing (createUpdaterArtifacts) is turned off for this build:
# it would sign the .deb/.rpm before GPG's signatures change their bytes. They are signed
# below, after GPG.
OVERLAY='{"bundle":{"createUpdaterArtifacts":false}}'
PROFILE_FLAG=()
XZ_LEVEL=9
if [ "$PROFILE" = debug ]; then
  PROFILE_FLAG=(--debug)
  # The unstripped debug binary is four times the release one: compress fast, for the tests.
  XZ_LEVEL=1
  OVERLAY='{"bundle":{"createUpdaterArtifacts":false,"linux":{"rpm":{"compression":{"type":"xz","level":1}}}}}'
fi

build() {
  rm -rf "$BUNDLE/deb" "$BUNDLE/rpm" "$REPO"
  "$TAURI_CLI" build "${PROFILE_FLAG[@]}" --ci --no-bundle --config "$OVERLAY"
  if [ "$PROFILE" = release ]; then
    # What ships carries no symbol tables (Debian policy; a third of the size).
    "$SYS_BIN/strip" --strip-unneeded "$BIN"
  fi
}

bundle() {
  # The bundler patches the binary in target/ with the bundle type it packs (deb, then rpm),
  # which the updater reads: the binary the tests and `cargo run` use is put back as it was.
  cp -p "$BIN" "$KEYS/dorixona.unpatched"
  "$TAURI_CLI" bundle "${PROFILE_FLAG[@]}" --ci --bundles deb,rpm --config "$OVERLAY"
  cp -p "$KEYS/dorixona.unpatched" "$BIN"
  DEB="$(ls "$BUNDLE"/deb/*.deb)"
  RPM="$(ls "$BUNDLE"/rpm/*.rpm)"
  VERSION="$(dpkg-deb -f "$DEB" Version)"
}

# The bundler's deb holds data.tar.gz; dpkg-deb rebuilds it with data.tar.xz (what Debian's
# own packages use): 9 MB instead of 13 for the release, and with its conffiles. The rpm is
# xz already (bundle > linux > rpm > compression).
recompress_deb() {
  local dir="$KEYS/deb-raw" before
  before=$(stat -c %s "$DEB")
  dpkg-deb -R "$DEB" "$dir"
  # Files under /etc are conffiles (the bundler lists none): an installer's edits to
  # /etc/dorixona/config.toml stay across upgrades and removal; a purge removes them.
  (cd "$dir" && find etc -type f 2>/dev/null | sed 's|^|/|' | sort) >"$dir/DEBIAN/conffiles"
  [ -s "$dir/DEBIAN/conffiles" ] || rm "$dir/DEBIAN/conffiles"
  dpkg-deb --root-owner-group -Zxz -z"$XZ_LEVEL" -b "$dir" "$DEB.xz" >/dev/null
  mv "$DEB.xz" "$DEB"
  rm -rf "$dir"
  say "deb: $before → $(stat -c %s "$DEB") bytes (data.tar.xz, level $XZ_LEVEL)"
}

# The deb's Depends must name every library package the binary links (dpkg-shlibdeps).
check_depends() {
  local dir="$KEYS/shlibs" needed missing=()
  mkdir -p "$dir/debian"
  printf 'Source: dorixona\n\nPackage: dorixona\nArchitecture: any\n' >"$dir/debian/control"
  needed="$(cd "$dir" && dpkg-shlibdeps -O "$BIN" 2>/dev/null | sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed -E 's/^ *//; s/ .*//')"
  local depends pkg
  depends="$(dpkg-deb -f "$DEB" Depends)"
  for pkg in $needed; do
    dep_names <<<"$depends" | grep -qxF "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || die "the deb's Depends lack what the binary links: ${missing[*]} (bundle > linux > deb > depends)"
  say "Depends covers dpkg-shlibdeps: $(echo "$needed" | tr '\n' ' ')"
}

# The metadata shipped: AppStream and the desktop entry, as installed from the deb.
check_metadata() {
  local dir="$KEYS/deb-data"
  dpkg-deb -x "$DEB" "$dir"
  "$SYS_BIN/appstreamcli" validate --no-net "$dir/usr/share/metainfo/uz.dorixona.counter.metainfo.xml"
  "$SYS_BIN/desktop-file-validate" "$dir/usr/share/applications/Dorixona.desktop"
  say "metainfo and desktop entry valid"
}

# ---- signing ----

sign_packages() {
  # debsigs runs `gpg --openpgp --detach-sign`, and --openpgp makes gpg pick SHA-1, which gpg
  # itself (so debsig-verify) now refuses: debsigs gets a gpg that asks for SHA-512 after it.
  mkdir -p "$KEYS/shim"
  printf '#!/bin/sh\nexec %s "$@" --digest-algo SHA512\n' "$GPG" >"$KEYS/shim/gpg"
  chmod 755 "$KEYS/shim/gpg"
  PATH="$KEYS/shim:$PATH" "$SYS_BIN/debsigs" --sign=origin -k "$GPG_LONG_ID" "$DEB"
  "$SYS_BIN/rpmsign" --addsign --define "_gpg_name $GPG_FPR" --define "_gpg_path ${GNUPGHOME:-$HOME/.gnupg}" \
    --define "__gpg $GPG" "$RPM" >/dev/null
  # Updater signatures last: they cover the bytes as shipped, GPG signatures included.
  local f
  for f in "$DEB" "$RPM"; do
    rm -f "$f.sig"
    "$TAURI_CLI" signer sign "${TAURI_SIGN_ARGS[@]}" --app-version "$VERSION" "$f" >/dev/null
    "$SYS_BIN/minisign" -Vq -p <(base64 -d <<<"$UPDATER_PUB") -m "$f" -x <(base64 -d "$f.sig") \
      || die "the updater signature of $f does not verify with the updater public key: wrong TAURI_SIGNING_PRIVATE_KEY?"
  done
  say "signed: $(basename "$DEB"), $(basename "$RPM") (GPG $GPG_LONG_ID; updater .sig beside each)"
}

# ---- repositories ----

export_keys() {
  mkdir -p "$REPO/keys"
  "$GPG" --batch --export "$GPG_FPR" >"$REPO/keys/dorixona-archive-keyring.gpg"
  "$GPG" --batch --armor --export "$GPG_FPR" >"$REPO/keys/dorixona-archive-key.asc"
  printf '%s\n' "$UPDATER_PUB" >"$REPO/keys/dorixona-updater.pub"
  # debsig-verify's policy for this key (to copy into /etc/debsig and /usr/share/debsig).
  mkdir -p "$REPO/keys/debsig/policies/$GPG_LONG_ID" "$REPO/keys/debsig/keyrings/$GPG_LONG_ID"
  cp "$REPO/keys/dorixona-archive-keyring.gpg" "$REPO/keys/debsig/keyrings/$GPG_LONG_ID/debsig.gpg"
  sed "s/@KEYID@/$GPG_LONG_ID/g" packaging/linux/debsig-policy.pol.in \
    >"$REPO/keys/debsig/policies/$GPG_LONG_ID/dorixona.pol"
  if [ -n "${THROWAWAY_GPG:-}" ]; then
    echo "THROWAWAY keys made by scripts/package.sh for one run: trust nothing signed by them." >"$REPO/keys/THROWAWAY"
  fi
}

apt_repo() {
  local root="$REPO/deb" dist="$REPO/deb/dists/stable"
  mkdir -p "$root/pool/main/d/dorixona" "$dist/main/binary-amd64"
  cp "$DEB" "$root/pool/main/d/dorixona/"
  (cd "$root" && "$SYS_BIN/apt-ftparchive" packages pool >"$dist/main/binary-amd64/Packages")
  gzip -9kn "$dist/main/binary-amd64/Packages"
  "$SYS_BIN/apt-ftparchive" \
    -o APT::FTPArchive::Release::Origin=Dorixona -o APT::FTPArchive::Release::Label=Dorixona \
    -o APT::FTPArchive::Release::Suite=stable -o APT::FTPArchive::Release::Codename=stable \
    -o APT::FTPArchive::Release::Architectures=amd64 -o APT::FTPArchive::Release::Components=main \
    -o APT::FTPArchive::Release::Description="Dorixona pharmacy counter" \
    release "$dist" >"$KEYS/Release"
  mv "$KEYS/Release" "$dist/Release"
  "$GPG" --batch --yes --local-user "$GPG_FPR" --clearsign -o "$dist/InRelease" "$dist/Release"
  "$GPG" --batch --yes --local-user "$GPG_FPR" --armor --detach-sign -o "$dist/Release.gpg" "$dist/Release"
}

yum_repo() {
  local root="$REPO/rpm"
  mkdir -p "$root"
  cp "$RPM" "$root/"
  "$SYS_BIN/createrepo_c" --quiet "$root"
  "$GPG" --batch --yes --local-user "$GPG_FPR" --armor --detach-sign -o "$root/repodata/repomd.xml.asc" "$root/repodata/repomd.xml"
}

# The updater's static manifest (Tauri's latest.json), one entry per Linux installer type.
updater_manifest() {
  local base="${DORIXONA_RELEASE_URL:-https://updates.dorixona.invalid}"
  mkdir -p "$REPO/updater"
  "$SYS_BIN/python3" - "$REPO/updater/latest.json" "$VERSION" "$base" "$DEB" "$RPM" <<'PY'
import datetime, json, os, sys
out, version, base, deb, rpm = sys.argv[1:]
def entry(path, sub):
    return {"signature": open(path + ".sig").read().strip(),
            "url": f"{base.rstrip('/')}/{sub}/{os.path.basename(path)}"}
manifest = {
    "version": version,
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "platforms": {
        "linux-x86_64-deb": entry(deb, "deb/pool/main/d/dorixona"),
        "linux-x86_64-rpm": entry(rpm, "rpm"),
    },
}
json.dump(manifest, open(out, "w"), indent=2)
PY
}

summary() {
  echo
  say "packages ($PROFILE):"
  ls -la "$DEB" "$DEB.sig" "$RPM" "$RPM.sig" | awk '{printf "  %10d  %s\n", $5, $NF}'
  say "repositories: ${REPO#"$ROOT"/}/{deb,rpm,updater,keys}"
  echo "  GPG key:      $GPG_FPR${THROWAWAY_GPG:+  (THROWAWAY)}"
  local throwaway=""
  [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ] || throwaway="  (THROWAWAY)"
  echo "  updater key:  $(base64 -d <<<"$UPDATER_PUB" | head -1 | sed 's/.*: //')$throwaway"
  if [ -n "${THROWAWAY_GPG:-}" ] || [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
    loud "THROWAWAY KEYS were used: fine for tests, not for a release."
  fi
}

stage "keys" gpg_keys
stage "keys (updater)" updater_keys
stage "metainfo (appstreamcli validate)" "$SYS_BIN/appstreamcli" validate --no-net packaging/linux/uz.dorixona.counter.metainfo.xml
stage "build ($PROFILE)" build
stage "bundle (deb, rpm)" bundle
stage "deb: data.tar.xz, conffiles" recompress_deb
stage "Depends vs dpkg-shlibdeps" check_depends
stage "metadata in the deb" check_metadata
stage "sign (debsigs, rpmsign, tauri signer)" sign_packages
stage "public keys" export_keys
stage "apt repository" apt_repo
stage "yum repository" yum_repo
stage "updater manifest" updater_manifest
summary
say "package.sh done in $(total_elapsed)"
