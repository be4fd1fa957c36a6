#!/usr/bin/env bash
# Load test of the reference server: builds dmed-sandbox in release mode, starts it on a fresh
# database, signs in, and runs wrk (2 threads, 50 connections, 20 s) on
# GET /v1/prescriptions/{number}?code=… rotating over the demo prescriptions.
# Prints requests/s and the p99 latency. Traffic goes to 127.0.0.1 only.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DURATION="${BENCH_DURATION:-20s}"
WRK="$SYS_BIN/wrk"
[ -x "$WRK" ] || die "$WRK is missing; run: sudo bash scripts/setup.sh"
need_tools_py

cargo build --release -p dmed-sandbox
BIN="target/release/dmed-sandbox"
sandbox_workdir
start_sandbox "$BIN" "$WORK/bench.sqlite"
URL="$SANDBOX_URL"

"$BIN" demo --db "$WORK/bench.sqlite" --json >"$WORK/demo.json"
"$TOOLS_PY" - "$WORK/demo.json" "$WORK/targets" "$WORK/login.json" <<'PY'
import json, sys
demo = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for rx in demo["prescriptions"]:
        f.write(f'{rx["number"]} {rx["code"]}\n')
p = demo["pharmacies"][0]
json.dump({"pharmacy_id": p["pharmacy_id"], "login": p["login"], "secret": p["secret"]}, open(sys.argv[3], "w"))
PY
TOKEN="$("$SYS_BIN/curl" -sf -X POST "$URL/v1/auth/token" -H 'content-type: application/json' \
  --data @"$WORK/login.json" | "$TOOLS_PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

echo "benchmark: $URL, $(wc -l <"$WORK/targets") prescriptions, 2 threads, 50 connections, $DURATION"
BENCH_TOKEN="$TOKEN" BENCH_TARGETS="$WORK/targets" \
  "$WRK" -t2 -c50 -d"$DURATION" --latency -s scripts/bench-sandbox.lua "$URL" | tee "$WORK/wrk.txt"

RPS="$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.txt")"
P99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")"
NON2XX="$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt")"
echo
echo "requests/s: $RPS"
echo "p99 latency: $P99"
echo "non-2xx responses: ${NON2XX:-0}"
