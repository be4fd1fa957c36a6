#!/usr/bin/env bash
# Checks that the OpenAPI document says what the server does: builds the sandbox, starts it on
# a free loopback port with a fresh database and WITHOUT the control routes (as a deployment
# would run), signs in as a demo pharmacist, and runs schemathesis against the served
# /v1/openapi.json with every check on every operation (configuration beside this script).
#
#   bash tests/api/schemathesis.sh                    # bounded: a few examples per operation (CI)
#   SCHEMATHESIS_FULL=1 bash tests/api/schemathesis.sh  # 200 examples per operation
#   SCHEMATHESIS_EXAMPLES=50 bash tests/api/schemathesis.sh
#
# Reports (JUnit) land in target/schemathesis/. DMED_SANDBOX_BIN runs a prebuilt binary instead.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$ROOT"

SCHEMATHESIS="$TOOLS_PY_DIR/bin/schemathesis"
need_tools_py
[ -x "$SCHEMATHESIS" ] || die "$SCHEMATHESIS is missing; run: sudo bash scripts/setup.sh (it installs scripts/python-tools.txt)"
CURL="$SYS_BIN/curl"
[ -x "$CURL" ] || die "$CURL is missing; run: sudo bash scripts/setup.sh"

if [[ "${SCHEMATHESIS_FULL:-0}" == 1 ]]; then
  EXAMPLES="${SCHEMATHESIS_EXAMPLES:-200}"
else
  EXAMPLES="${SCHEMATHESIS_EXAMPLES:-8}"
fi

if [[ -n "${DMED_SANDBOX_BIN:-}" ]]; then
  BIN="$DMED_SANDBOX_BIN"
else
  cargo build -p dmed-sandbox --quiet
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/dmed-sandbox"
fi
[ -x "$BIN" ] || die "$BIN is not an executable"

sandbox_workdir
start_sandbox "$BIN" "$WORK/api.sqlite"
URL="$SANDBOX_URL"

"$BIN" demo --db "$WORK/api.sqlite" --json >"$WORK/demo.json"
"$TOOLS_PY" - "$WORK/demo.json" >"$WORK/login.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["pharmacies"][0]
print(json.dumps({"pharmacy_id": p["pharmacy_id"], "login": p["login"], "secret": p["secret"]}))
PY
TOKEN="$("$CURL" -sf -X POST "$URL/v1/auth/token" -H 'content-type: application/json' \
  --data @"$WORK/login.json" | "$TOOLS_PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')" \
  || die "signing in as the demo pharmacist failed"

REPORTS="$ROOT/target/schemathesis"
mkdir -p "$REPORTS"
say "schemathesis against $URL: every check, every operation, $EXAMPLES examples per operation"
"$SCHEMATHESIS" --config-file "$ROOT/tests/api/schemathesis.toml" run "$URL/v1/openapi.json" \
  --url "$URL" \
  --header "Authorization: Bearer $TOKEN" \
  --checks all \
  --max-examples "$EXAMPLES" \
  --seed "${SCHEMATHESIS_SEED:-42}" \
  --workers 1 \
  --no-color \
  --report junit --report-junit-path "$REPORTS/junit.xml"
