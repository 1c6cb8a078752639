#!/usr/bin/env bash
# results_1m_ready_ms: Studio's results API (GET /v1/studio/surveys/ID/results, everything the
# results page shows) for a survey with 1,000,000 stored responses in SQLite, best of 3 (the
# page draws the answer in a few ms more). Seeds the store directly, once: the 1M payloads of
# score_native.sh (`touchpoint generate`, nps-support) inserted into the collector's responses
# table with Python's sqlite3 (the ingest path would take minutes and measures something else).
# The page answers from the collector's rollups (tools/collector/README.md, "Results rollups"),
# rebuilt once after seeding (--rebuild-rollups: the rows went in behind the collector's back).
# Also prints results_1m_scan_ms (the same answer from a scan of every payload, source=scan: the
# path without rollups), results_1m_filtered_ms (an answer filter: a scan) and
# results_1m_aggregates_ms (GET /v1/aggregates scanning the same rows, source=scan: the single-aggregator floor).
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_ROOT:?}" "${TP_BENCH_TMP:?}"
count=1000000
. "$(dirname "$0")/lib/responses_1m.sh"
. "$(dirname "$0")/lib/seed_sqlite.sh"
data=$(responses_1m results_1m)
db="$TP_BENCH_TMP/results-1m.sqlite"
port=$((20000 + RANDOM % 20000))
origin="http://127.0.0.1:$port"
editor=bench-editor-token-0123456789 reader=bench-read-token-0123456789
log="$TP_BENCH_TMP/results-1m-serve.log"
serve() {  # [--rebuild-rollups]
    "$TOUCHPOINT" serve --db "$db" --listen "127.0.0.1:$port" --editor-token "$editor" --token "$reader" --rate 0 "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do curl -sf "$origin/healthz" >/dev/null && return 0; sleep 0.1; done
    echo "results_1m: the collector did not start: $(tail -3 "$log")" >&2
    return 1
}
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses' 2>/dev/null || echo 0)" -ne "$count" ]; then
    echo "results_1m: seeding $db (once)" >&2
    rm -f "$db" "$db-wal" "$db-shm"
    serve  # creates the schema
    curl -sf -X PUT -H "Authorization: Bearer $editor" -H 'Content-Type: application/json' \
        --data-binary @"$TP_ROOT/examples/surveys/nps-support.json" "$origin/v1/studio/surveys/nps-support?publish=1" >/dev/null
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    seed_sqlite "$db" "$data"
    rebuild=--rebuild-rollups
fi
serve ${rebuild:-}
best_ms() {  # URL: the shortest of 3 timed GETs, in ms
    best=""
    for _ in 1 2 3; do
        t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $reader" "$1")
        ms=$(echo "$t * 1000 / 1" | bc)
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best"
}
n=$(curl -sf -H "Authorization: Bearer $reader" "$origin/v1/studio/surveys/nps-support/results" | python3 -c 'import json,sys; print(json.load(sys.stdin)["responses"])')
[ "$n" -eq "$count" ] || { echo "results_1m: the results count $n responses, not $count" >&2; exit 1; }
source=$(curl -sf -H "Authorization: Bearer $reader" "$origin/v1/studio/surveys/nps-support/results" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"])')
[ "$source" = rollups ] || { echo "results_1m: the results came from $source, not the rollups" >&2; exit 1; }
echo "results_1m_ready_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results")"
echo "results_1m_scan_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results?source=scan")"
echo "results_1m_filtered_ms=$(best_ms "$origin/v1/studio/surveys/nps-support/results?where=answer.resolved%3Dyes")"
echo "results_1m_aggregates_ms=$(best_ms "$origin/v1/aggregates?survey=nps-support&source=scan")"
