#!/usr/bin/env bash
# Load benchmark of the collector's ingest (`touchpoint serve`, SQLite WAL, synchronous=FULL, group
# commit) with wrk on 127.0.0.1: single posts, then batches of 20. Every response has a fresh id.
# Prints, per mode:
#   collector[_batch]_ingest_per_s   responses acknowledged per second
#   collector[_batch]_p99_ms         99th percentile request latency
#   collector[_batch]_lost           acknowledged minus stored after a clean stop (must be 0)
# Env: TOUCHPOINT (the CLI), TP_BENCH_TMP (scratch folder), TP_BENCH_SECONDS (per run, default 10).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${TOUCHPOINT:?set TOUCHPOINT to the touchpoint binary}"
tmp=${TP_BENCH_TMP:-$(mktemp -d)}
seconds=${TP_BENCH_SECONDS:-10}
mkdir -p "$tmp"

run() {  # run PREFIX BATCH
    local prefix=$1 batch=$2 db="$tmp/collector_load_$1.sqlite" log="$tmp/collector_load_$1.log"
    rm -f "$db" "$db-wal" "$db-shm"
    "$TOUCHPOINT" serve --listen 127.0.0.1:0 --db "$db" --rate 0 --max-batch 100 >"$log" 2>&1 &
    local pid=$! port=""
    for _ in $(seq 100); do
        port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "collector did not start: $(cat "$log")" >&2; kill "$pid"; exit 1; }
    local out
    out=$(BATCH=$batch wrk -t2 -c32 -d"${seconds}s" --latency -s "$here/collector_ingest.lua" "http://127.0.0.1:$port")
    kill -TERM "$pid"
    wait "$pid" || true
    local acked p99 secs stored
    acked=$(sed -n 's/^acked=//p' <<<"$out"); p99=$(sed -n 's/^p99_us=//p' <<<"$out"); secs=$(sed -n 's/^seconds=//p' <<<"$out")
    stored=$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses')
    echo "$prefix: acked=$acked stored=$stored errors=$(sed -n 's/^errors=//p' <<<"$out")" >&2
    echo "${prefix}_ingest_per_s=$(awk -v a="$acked" -v s="$secs" 'BEGIN{printf "%.0f", a/s}')"
    echo "${prefix}_p99_ms=$(awk -v u="$p99" 'BEGIN{printf "%.2f", u/1000}')"
    echo "${prefix}_lost=$(( acked > stored ? acked - stored : 0 ))"
}

run collector 1
run collector_batch 20
