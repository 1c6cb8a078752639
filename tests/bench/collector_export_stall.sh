#!/usr/bin/env bash
# Does a large export stall everyone else? Two clients download the CSV export of 100,000 stored
# responses over and over (each page of 2,000 rows is read from SQLite and turned into CSV by
# the core) while wrk asks GET /healthz on 8 connections. The export's pages must be produced
# off the event loop: if they were not, every connection sharing an event-loop thread with an
# export would wait for each page. Prints:
#   collector_export_health_p99_ms   99th percentile latency of the health checks meanwhile
#   collector_export_health_per_s    health checks answered per second meanwhile
#   collector_export_mb_per_s        CSV bytes the exports delivered per second (both together)
# Env: TOUCHPOINT, TP_ROOT, TP_BENCH_TMP, TP_BENCH_SECONDS (default 10).
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_ROOT:?}" "${TP_BENCH_TMP:?}"
. "$(dirname "$0")/lib/seed_sqlite.sh"
seconds=${TP_BENCH_SECONDS:-10}
count=100000
db="$TP_BENCH_TMP/export-stall.sqlite"
data="$TP_BENCH_TMP/export-stall.ndjson"
port=$((20000 + RANDOM % 20000))
origin="http://127.0.0.1:$port"
reader=bench-read-token-0123456789
log="$TP_BENCH_TMP/export-stall-serve.log"
pid="" exporters=()
cleanup() {
    for e in "${exporters[@]}"; do kill "$e" 2>/dev/null || true; done
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
serve() {
    "$TOUCHPOINT" serve --db "$db" --listen "127.0.0.1:$port" --token "$reader" --rate 0 >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do curl -sf "$origin/healthz" >/dev/null && return 0; sleep 0.1; done
    echo "collector_export_stall: the collector did not start: $(tail -3 "$log")" >&2
    return 1
}
if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses' 2>/dev/null || echo 0)" -ne "$count" ]; then
    echo "collector_export_stall: seeding $db (once)" >&2
    rm -f "$db" "$db-wal" "$db-shm"
    "$TOUCHPOINT" generate --survey "$TP_ROOT/examples/surveys/nps-support.json" \
        --journey "$TP_ROOT/examples/journeys/saas-support.json" --count "$count" --seed 20261202 \
        --start 2026-10-01T00:00:00Z --days 30 > "$data"
    serve  # creates the schema
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    seed_sqlite "$db" "$data"
fi
serve
bytes_dir=$(mktemp -d "$TP_BENCH_TMP/export-stall.XXXX")
end=$(($(date +%s) + seconds + 1))
for n in 1 2; do
    # Downloads one after the other until the measure ends; the last is cut by --max-time, and
    # curl still prints the bytes it received.
    ( while [ "$(date +%s)" -lt "$end" ]; do
        curl -s --max-time "$((end - $(date +%s) + 1))" -H "Authorization: Bearer $reader" \
            "$origin/v1/export?format=csv" -o /dev/null -w '%{size_download}\n' >>"$bytes_dir/$n" || true
    done ) &
    exporters+=($!)
done
sleep 1  # both exports are streaming before the measure starts
out=$(wrk -t1 -c8 -d"${seconds}s" --latency "$origin/healthz")
wait "${exporters[@]}" 2>/dev/null || true
exporters=()
delivered=$(cat "$bytes_dir"/* 2>/dev/null | awk '{s += $1} END {print s + 0}')
rm -rf "$bytes_dir"
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
per_s=$(awk '$1 == "Requests/sec:" {print $2}' <<<"$out")
# wrk prints latencies with a unit (us, ms, s).
echo "collector_export_health_p99_ms=$(awk -v v="$p99" 'BEGIN {
    n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }')"
echo "collector_export_health_per_s=$(printf '%.0f' "$per_s")"
echo "collector_export_mb_per_s=$(awk -v b="$delivered" -v s="$seconds" 'BEGIN {printf "%.1f", b / 1e6 / (s + 1)}')"
