#!/usr/bin/env bash
# `touchpoint score` over 1,000,000 generated response/1 payloads (NDJSON), grouped by touchpoint.
# The data set is generated once by `touchpoint generate` into $TP_BENCH_TMP and reused.
# Prints score_native_responses_per_s= and score_native_mb_per_s= (best of 3 runs), then the
# cost of per-touchpoint AND per-stage totals (what the journey viewer shows): one pass with two
# groupings (score_native_tp_and_stage_one_pass_ms, `--grouping touchpoint --grouping stage`)
# against two separate passes (score_native_tp_and_stage_two_passes_ms), best of 3 each.
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_ROOT:?}" "${TP_BENCH_TMP:?}"
count=1000000
. "$(dirname "$0")/lib/responses_1m.sh"
data=$(responses_1m score_native)
bytes=$(stat -L -c %s "$data")
# best_of_3 COMMAND...: the shortest wall time of 3 runs, in seconds, into $best.
best_of_3() {
    best=""
    for run in 1 2 3; do
        start=$(date +%s.%N)
        "$@"
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
    done
}
one() { "$TOUCHPOINT" score --by touchpoint "$data" > "$TP_BENCH_TMP/score.out"; }
best_of_3 one
grep -q '"groups":\[{' "$TP_BENCH_TMP/score.out" || { echo "score_native: no groups in output" >&2; exit 1; }
echo "score_native_responses_per_s=$(echo "$count / $best" | bc -l | xargs printf '%.0f')"
echo "score_native_mb_per_s=$(echo "$bytes / 1000000 / $best" | bc -l | xargs printf '%.1f')"
one_pass() { "$TOUCHPOINT" score --grouping touchpoint --grouping stage "$data" > "$TP_BENCH_TMP/score2.out"; }
two_passes() {
    "$TOUCHPOINT" score --by touchpoint "$data" > /dev/null
    "$TOUCHPOINT" score --by stage "$data" > /dev/null
}
best_of_3 one_pass
grep -q '"groupings":\[{"by":\["touchpoint"\]' "$TP_BENCH_TMP/score2.out" || { echo "score_native: no groupings in output" >&2; exit 1; }
echo "score_native_tp_and_stage_one_pass_ms=$(echo "$best * 1000" | bc -l | xargs printf '%.0f')"
best_of_3 two_passes
echo "score_native_tp_and_stage_two_passes_ms=$(echo "$best * 1000" | bc -l | xargs printf '%.0f')"
