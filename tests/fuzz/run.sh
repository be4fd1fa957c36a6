#!/usr/bin/env bash
# The short fuzzing run for CI: builds every fuzz target once (cargo-fuzz on nightly, with
# AddressSanitizer), then runs each for a bounded time (7 s by default, under a minute for all
# six) on a temporary copy of its committed seeds. Exits non-zero when a target crashes, naming
# the target and the artifact that reproduces the crash.
#
#   bash tests/fuzz/run.sh
#   FUZZ_SECONDS=60 bash tests/fuzz/run.sh     # longer, e.g. before a release
#   bash tests/fuzz/run.sh pack_code answers    # only some targets
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
source "$ROOT/tests/fuzz/common.sh"
cd "$ROOT"

SECONDS_EACH=${FUZZ_SECONDS:-7}
fuzz_prepare "$@"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

failed=()
for target in "${TARGETS[@]}"; do
  bin=$(fuzz_bin "$target")
  [ -x "$bin" ] || die "fuzz target '$target' was not built ($bin)"
  corpus="$WORK/corpus/$target"
  artifacts="$FUZZ_DIR/artifacts/$target"
  seed_corpus "$target" "$corpus"
  mkdir -p "$artifacts"
  log="$WORK/$target.log"
  say "fuzz $target for ${SECONDS_EACH}s ($(find "$corpus" -type f | wc -l) seeds)"
  before=$(find "$artifacts" -type f | sort)
  if "$bin" "$corpus" -max_total_time="$SECONDS_EACH" -artifact_prefix="$artifacts/" \
    -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/  $target: /" || true
  else
    tail -n 40 "$log" >&2
    new=$(comm -13 <(echo "$before") <(find "$artifacts" -type f | sort) | tr '\n' ' ')
    printf '\033[1;31mcrash:\033[0m target %s, artifact %s\n' "$target" "${new:-(none written; see the log above)}" >&2
    printf '  reproduce: %s %s\n' "$bin" "${new%% *}" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  die "fuzzing found crashes in: ${failed[*]}"
fi
say "fuzzing: ${#TARGETS[@]} targets, no crash (${SECONDS_EACH}s each)"
