#!/usr/bin/env bash
# Load benchmark of the collector's ingest (`touchpoint serve`, group commit) with wrk on 127.0.0.1:
# single posts, then batches of 20, every response with a fresh id; first on SQLite (WAL,
# synchronous=FULL), then on PostgreSQL (a private cluster started here: fsync on,
# synchronous_commit on, the collector on its Unix socket). Prints, per backend and mode:
#   collector[_pg][_batch]_ingest_per_s   responses acknowledged per second
#   collector[_pg][_batch]_p99_ms         99th percentile request latency
#   collector[_pg][_batch]_lost           acknowledged minus stored after a clean stop (must be 0)
#   collector[_batch]_wal_peak_mb         SQLite: largest size of the WAL file seen (sampled every 50 ms)
# and the single posts again with --no-rollups (collector[_pg]_norollups_*): the results rollups,
# updated in every ingest transaction, may cost at most 10% of the rate (issue: mergeable aggregates).
# Env: TOUCHPOINT (the CLI), TP_BENCH_TMP (scratch folder), TP_BENCH_SECONDS (per run, default 10),
# TP_SERVE_ARGS (more `serve` flags for every run, e.g. "--wal-limit 0" to measure without the WAL bound),
# TP_PG_BIN (PostgreSQL server binaries, default /usr/lib/postgresql/15/bin; skipped if absent).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${TOUCHPOINT:?set TOUCHPOINT to the touchpoint binary}"
tmp=${TP_BENCH_TMP:-$(mktemp -d)}
seconds=${TP_BENCH_SECONDS:-10}
mkdir -p "$tmp"

run() {  # run PREFIX BATCH [DB [SERVE_ARGS...]]  (DB: a PostgreSQL connection string; "" or none: a fresh SQLite file)
    local prefix=$1 batch=$2 pg=${3:-} db=${3:-"$tmp/collector_load_$1.sqlite"} log="$tmp/collector_load_$1.log"
    shift $(( $# < 3 ? $# : 3 ))
    [ -n "$pg" ] || rm -f "$db" "$db-wal" "$db-shm"
    # shellcheck disable=SC2086  # TP_SERVE_ARGS is a list of words
    "$TOUCHPOINT" serve --listen 127.0.0.1:0 --db "$db" --rate 0 --max-batch 100 ${TP_SERVE_ARGS:-} "$@" >"$log" 2>&1 &
    local pid=$! port="" sampler=""
    for _ in $(seq 100); do
        port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "collector did not start: $(cat "$log")" >&2; kill "$pid"; exit 1; }
    if [ -z "$pg" ]; then  # the WAL's largest size, until the collector stops (it truncates the WAL then)
        (peak=0; while kill -0 "$pid" 2>/dev/null; do
            size=$(stat -c %s "$db-wal" 2>/dev/null || echo 0); [ "$size" -gt "$peak" ] && peak=$size
            echo "$peak" >"$tmp/collector_load_$prefix.walpeak"; sleep 0.05; done) &
        sampler=$!
    fi
    local out
    out=$(BATCH=$batch wrk -t2 -c32 -d"${seconds}s" --latency -s "$here/collector_ingest.lua" "http://127.0.0.1:$port")
    kill -TERM "$pid"
    wait "$pid" || true
    [ -z "$sampler" ] || wait "$sampler" || true
    local acked p99 secs stored
    acked=$(sed -n 's/^acked=//p' <<<"$out"); p99=$(sed -n 's/^p99_us=//p' <<<"$out"); secs=$(sed -n 's/^seconds=//p' <<<"$out")
    if [ -n "$pg" ]; then stored=$(psql -X -At -d "$db" -c 'SELECT COUNT(*) FROM responses')
    else stored=$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses'); fi
    echo "$prefix: acked=$acked stored=$stored errors=$(sed -n 's/^errors=//p' <<<"$out")" >&2
    echo "${prefix}_ingest_per_s=$(awk -v a="$acked" -v s="$secs" 'BEGIN{printf "%.0f", a/s}')"
    echo "${prefix}_p99_ms=$(awk -v u="$p99" 'BEGIN{printf "%.2f", u/1000}')"
    echo "${prefix}_lost=$(( acked > stored ? acked - stored : 0 ))"
    [ -n "$pg" ] || echo "${prefix}_wal_peak_mb=$(awk -v b="$(cat "$tmp/collector_load_$prefix.walpeak" 2>/dev/null || echo 0)" 'BEGIN{printf "%.1f", b/1048576}')"
}

run collector 1
run collector_norollups 1 "" --no-rollups
run collector_batch 20

# PostgreSQL: a private cluster in the scratch folder (initdb refuses root: run it as postgres).
pg_bin=${TP_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pg_bin/initdb" ]; then
    echo "collector_load: no PostgreSQL server binaries in $pg_bin; PostgreSQL figures skipped" >&2
    exit 0
fi
pg_dir=$(mktemp -d "$tmp/pg.XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then chown postgres: "$pg_dir"; as_owner=(runuser -u postgres --); fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_owner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --no-locale --auth-local=trust \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-k $pg_dir -p $pg_port -c listen_addresses=''" start >/dev/null
trap '"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
for mode in single norollups batch; do
    psql -X -q -d "host=$pg_dir port=$pg_port dbname=postgres user=postgres" -c "CREATE DATABASE load_$mode"
done
run collector_pg 1 "host=$pg_dir port=$pg_port dbname=load_single user=postgres"
run collector_pg_norollups 1 "host=$pg_dir port=$pg_port dbname=load_norollups user=postgres" --no-rollups
run collector_pg_batch 20 "host=$pg_dir port=$pg_port dbname=load_batch user=postgres"
