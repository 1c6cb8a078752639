#!/usr/bin/env bash
# results_1m_ready_ms: Studio's results API (GET /v1/studio/surveys/ID/results, everything the
# results page shows) for a survey with 1,000,000 stored responses in SQLite, best of 3 (the
# page draws the answer in a few ms more). Seeds the store directly, once (lib/collector_1m.sh): the 1M payloads of
# score_native.sh (`touchpoint generate`, nps-support) inserted into the collector's responses
# table with Python's sqlite3 (the ingest path would take minutes and measures something else).
# The page answers from the collector's rollups (tools/collector/README.md, "Results rollups"),
# rebuilt once after seeding (--rebuild-rollups: the rows went in behind the collector's back).
# Also prints results_1m_scan_ms (the same answer from a scan of every payload, source=scan: the
# path without rollups), results_1m_filtered_ms (an answer filter: a scan) and
# results_1m_aggregates_ms (GET /v1/aggregates scanning the same rows, source=scan: the single-aggregator floor).
# Then the same for a survey with a matrix shown row by row (cx-maturity, 1,000,000 responses in a
# store of its own): results_1m_matrix_ms from the rollups, which keep every matrix row and ranking
# item, and results_1m_matrix_scan_ms from a scan (what such a survey always took before they did).
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_ROOT:?}" "${TP_BENCH_TMP:?}"
count=1000000
. "$(dirname "$0")/lib/collector_1m.sh"
collector_1m_start results_1m
n=$(curl -sf -H "Authorization: Bearer $reader" "$origin/v1/studio/surveys/nps-support/results" | python3 -c 'import json,sys; print(json.load(sys.stdin)["responses"])')
[ "$n" -eq "$count" ] || { echo "results_1m: the results count $n responses, not $count" >&2; exit 1; }
source=$(curl -sf -H "Authorization: Bearer $reader" "$origin/v1/studio/surveys/nps-support/results" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"])')
[ "$source" = rollups ] || { echo "results_1m: the results came from $source, not the rollups" >&2; exit 1; }
echo "results_1m_ready_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results")"
echo "results_1m_scan_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results?source=scan")"
echo "results_1m_filtered_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results?where=answer.resolved%3Dyes")"
echo "results_1m_aggregates_ms=$(best_ms "$origin/v1/aggregates?survey=nps-support&source=scan")"

collector_1m_stop
collector_1m_start results_1m cx-maturity
matrix="$origin/v1/studio/surveys/cx-maturity/results"
read -r n source parts < <(curl -sf -H "Authorization: Bearer $reader" "$matrix" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["responses"], r["source"], sum(len(q.get("parts", [])) for q in r["questions"]))')
[ "$n" -eq "$count" ] && [ "$source" = rollups ] && [ "$parts" -ge 3 ] ||
    { echo "results_1m: cx-maturity: $n responses from $source with $parts parts, not $count from the rollups with its matrix rows" >&2; exit 1; }
echo "results_1m_matrix_ms=$(best_ms "$matrix")"
echo "results_1m_matrix_scan_ms=$(best_ms "$matrix?source=scan")"
