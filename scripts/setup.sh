#!/usr/bin/env bash
# Installs everything Dorixona needs to build, run and test, on Debian 12 or Ubuntu 22.04+.
# Idempotent and quick when everything is there: each piece is checked first and installed
# only when missing.
#
#   sudo bash scripts/setup.sh
#
# System packages need root (apt). When started through sudo, the rest (Rust toolchain, cargo
# tools, npm packages) is installed for the user who called sudo, not for root.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(
  # building the app (Tauri 2 on WebKitGTK, camera bindings via bindgen)
  build-essential pkg-config curl file ca-certificates
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libsoup-3.0-dev libv4l-dev libclang-dev libssl-dev
  # the bundled zxing-cpp decoder (C++, built with CMake)
  cmake
  # testing: virtual display, WebDriver for WebKitGTK, a Secret Service for the keyring
  xvfb webkit2gtk-driver gnome-keyring dbus-x11
  # comparisons and benchmarks: QR decoding, PDF text, HTTP load, peak memory (/usr/bin/time)
  zbar-tools poppler-utils wrk time
  # docs/screenshots (tests/e2e/screenshots.sh): PNGs made small
  pngquant
  # printing receipts (CUPS client) and the tests' private CUPS queue (the daemon)
  cups-client cups-daemon
  # the project's own Python (a virtualenv made from Debian's /usr/bin/python3)
  python3 python3-venv
)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install() {
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

APT_UPDATED=""
apt_update_once() {
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
}

node_version() {
  node --version 2>/dev/null | sed 's/^v//'
}

# Version of Node.js that apt would install, e.g. 18.19.0 (empty if none).
apt_node_candidate() {
  apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}' | sed -E 's/^[0-9]+://; s/[^0-9.].*$//'
}

install_node() {
  apt_update_once
  local candidate
  candidate=$(apt_node_candidate)
  if [ -n "$candidate" ] && version_ge "$candidate" "$MIN_NODE"; then
    apt_install nodejs
    command -v npm >/dev/null 2>&1 || apt_install npm
    return
  fi
  # The distribution's Node.js is too old for the UI toolchain (Vite): use NodeSource's.
  say "Node.js ${candidate:-(none)} from apt is older than $MIN_NODE; installing Node.js 22 from NodeSource"
  if curl -fsSL https://deb.nodesource.com/setup_22.x -o /tmp/nodesource_setup.sh \
    && as_root bash /tmp/nodesource_setup.sh \
    && apt_install nodejs; then
    return
  fi
  die "Node.js >= $MIN_NODE is needed. Install it (https://nodejs.org or NodeSource) and run this script again."
}

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || die "this script needs a Debian or Ubuntu system (dpkg/apt)"
  local missing=()
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: all present"
  else
    say "system packages missing: ${missing[*]}"
    apt_update_once
    apt_install "${missing[@]}"
  fi

  local have
  have=$(node_version)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || ! version_ge "${have:-0}" "$MIN_NODE"; then
    say "Node.js ${have:-missing} (need >= $MIN_NODE with npm)"
    install_node
  fi
  have=$(node_version)
  version_ge "${have:-0}" "$MIN_NODE" || die "Node.js $have is still older than $MIN_NODE; install a newer one and run again"
  command -v npm >/dev/null 2>&1 || die "npm is missing; install it and run again"
  say "node $(node_version), npm $(npm --version)"
}

rust_toolchain() {
  if ! command -v cargo >/dev/null 2>&1; then
    if ! command -v rustup >/dev/null 2>&1; then
      if apt-cache show rustup >/dev/null 2>&1; then
        apt_update_once
        apt_install rustup
      else
        say "installing rustup (https://rustup.rs) for $(id -un)"
        curl --proto '=https' --tlsv1.2 -fsSL https://sh.rustup.rs -o /tmp/rustup-init.sh \
          || die "could not download rustup. Install Rust $MIN_RUST or newer from https://rustup.rs and run again."
        sh /tmp/rustup-init.sh -y --profile minimal --default-toolchain none --no-modify-path
      fi
      PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    fi
    say "installing the stable Rust toolchain"
    rustup toolchain install stable --profile minimal -c clippy -c rustfmt
    rustup default stable
  fi
  command -v cargo >/dev/null 2>&1 || die "cargo is still missing; install Rust from https://rustup.rs and run again"

  local have
  have=$(rustc --version | awk '{print $2}')
  if ! version_ge "$have" "$MIN_RUST"; then
    if command -v rustup >/dev/null 2>&1; then
      say "Rust $have is older than $MIN_RUST; updating"
      rustup update stable
      rustup default stable
    else
      die "Rust $have is older than $MIN_RUST (Debian's cargo package is too old). Install Rust from https://rustup.rs and run again."
    fi
  fi
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 || die "cargo fmt / cargo clippy are missing; install them with rustup"
    rustup component add rustfmt clippy
  fi
  say "$(rustc --version)"
}

cargo_tools() {
  # Checked at the path the tests call it by, not wherever PATH finds one.
  if [ -x "$CARGO_BIN/tauri-driver" ]; then
    say "tauri-driver: present"
  else
    say "cargo install tauri-driver --locked"
    cargo install tauri-driver --locked
  fi
  if cargo nextest --version >/dev/null 2>&1; then
    say "cargo-nextest: present"
  else
    say "cargo install cargo-nextest --locked"
    cargo install cargo-nextest --locked
  fi
  # The fuzz targets (tests/fuzz/run.sh) build with cargo-fuzz on the nightly toolchain.
  command -v rustup >/dev/null 2>&1 || die "the fuzz targets need rustup's nightly toolchain; install Rust from https://rustup.rs"
  if rustup toolchain list | grep -q '^nightly'; then
    say "nightly toolchain: present"
  else
    say "rustup toolchain install nightly --profile minimal"
    rustup toolchain install nightly --profile minimal
  fi
  if [ -x "$CARGO_BIN/cargo-fuzz" ]; then
    say "cargo-fuzz: present"
  else
    say "cargo install cargo-fuzz --locked"
    cargo install cargo-fuzz --locked
  fi
}

# npm ci in DIR when its node_modules is missing or older than its lock file.
npm_ci_if_stale() {
  local dir=$1
  [ -f "$dir/package.json" ] || return 0
  if [ -f "$dir/package-lock.json" ] && ! grep -q '"node_modules/' "$dir/package-lock.json"; then
    say "npm packages in ${dir#"$ROOT"/}: none needed"
    return 0
  fi
  local hidden="$dir/node_modules/.package-lock.json"
  if [ -f "$dir/package-lock.json" ] && [ -f "$hidden" ] && [ ! "$dir/package-lock.json" -nt "$hidden" ]; then
    say "npm packages in ${dir#"$ROOT"/}: up to date"
  elif [ ! -f "$dir/package-lock.json" ]; then
    say "npm install in ${dir#"$ROOT"/} (no lock file yet)"
    npm --prefix "$dir" install --no-audit --no-fund
  else
    say "npm ci in ${dir#"$ROOT"/}"
    npm --prefix "$dir" ci --no-audit --no-fund
  fi
}

# The project's Python: a virtualenv in .tools/py made from Debian's interpreter, holding
# exactly scripts/python-tools.txt. Remade when that list changes (a stamp keeps its hash).
python_tools() {
  local wanted="$ROOT/scripts/python-tools.txt"
  local stamp="$TOOLS_PY_DIR/.requirements.sha256"
  local hash
  hash=$(sha256sum "$wanted" | cut -d' ' -f1)
  if [ -x "$TOOLS_PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
    say "project Python (.tools/py): up to date"
    return
  fi
  say "making the project's Python in .tools/py from $SYS_BIN/python3"
  rm -rf "$TOOLS_PY_DIR"
  "$SYS_BIN/python3" -m venv "$TOOLS_PY_DIR"
  "$TOOLS_PY" -m pip install --quiet --disable-pip-version-check --no-input -r "$wanted"
  echo "$hash" >"$stamp"
}

user_part() {
  rust_toolchain
  cargo_tools
  python_tools
  npm_ci_if_stale "$ROOT/ui"
  npm_ci_if_stale "$ROOT/tests/e2e"
}

if [ "${1:-}" != "--user-part" ]; then
  system_packages
  drop_to_invoking_user "$ROOT/scripts/setup.sh" --user-part
fi
user_part
say "setup done in $(total_elapsed)"
