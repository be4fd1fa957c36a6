#!/usr/bin/env bash
# The packaging tests in one go: builds and signs the debug-profile packages
# (scripts/package.sh --debug, throwaway keys unless the environment gives some), checks every
# signature and what the packages carry (verify.sh), then installs, starts, removes and purges
# the .deb in a clean debootstrapped Debian root (install.sh). Each check prints PASS/FAIL/SKIP;
# exits non-zero on a failure. About 5 min once the debug build exists.
#
#   sudo bash tests/package/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh"
bash "$ROOT/scripts/package.sh" --debug
status=0
bash "$HERE/verify.sh" --debug || status=1
bash "$HERE/install.sh" --debug || status=1
exit $status
