#!/usr/bin/env bash
# Outbox drain benchmark: 10,000 ordinary dispenses, made on a counter while the central system
# was unreachable (sandbox outage knob, counter offline), drain into the real sandbox through
# POST /v1/dispenses (release build) within 20 s, each recorded exactly once with the quantity
# handed over. Prints the queued count, the queue and drain times, dispenses per second, what is
# left, doubled, missing and prescriptions with a wrong dispensed quantity.
#
#   tests/bench/outbox-drain.sh                    # 10,000 over contract v1, budget 20 s
#   tests/bench/outbox-drain.sh dhp-fhir           # the same over FHIR (the sandbox's /fhir)
#   OUTBOX_BENCH_N=1000 tests/bench/outbox-drain.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
# The counter's database is encrypted, with its key in a file of its data directory; its session
# token goes to the keyring when there is one (signing in works without).

export OUTBOX_BENCH_N="${OUTBOX_BENCH_N:-10000}"
export OUTBOX_BENCH_MAX_SECS="${OUTBOX_BENCH_MAX_SECS:-20}"
export RUST_LOG="${RUST_LOG:-warn}"

case "${1:-dmed-v1}" in
  dmed-v1) test_name=a_full_outbox_drains_with_nothing_doubled_or_missing ;;
  dhp-fhir) test_name=on_fhir_a_full_outbox_drains_with_nothing_doubled_or_missing ;;
  *) echo "usage: $0 [dmed-v1|dhp-fhir]" >&2; exit 2 ;;
esac

cargo build --release -p dmed-sandbox --quiet
cargo test --release -p crashtest --test outbox_drain --quiet -- --nocapture --exact "$test_name" 2>&1 |
  grep -E '^(adapter|queued|queue_secs|drain_secs|dispenses_per_sec|left|doubled|missing|wrong_quantity) |test result|panicked|assert'
