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
# updated in every ingest transaction, may cost at most 10% of the rate (issue: mergeable aggregates):
#   collector[_pg]_rollups_fall_pct       how much lower the rate is with rollups (median against median)
# and, for every run, what the whole machine spent per acknowledged response (the collector, the
# database server and wrk itself, all cores: /proc/stat), which the host's other tenants move less
# than the rate:
#   collector[_pg][_norollups]_cpu_us_per_post   busy CPU time per acknowledged response
#   collector[_pg][_norollups]_own_cpu_us_per_post   the collector process's own part of it
#   collector_pg[_norollups]_server_cpu_us_per_post  PostgreSQL's part (every process of its cluster)
#   collector[_pg][_norollups]_steal_pct         CPU time the hypervisor gave to others (a noisy run)
#   collector[_pg]_rollups_cpu_rise_pct          how much more CPU per response with rollups
# and, on PostgreSQL, batches of 20 again while a reader asks for the heat map's data
# (GET /v1/aggregates?by=touchpoint) every half second from the second second on: a reader folds
# the responses committed since the rollups' last compaction (the tail) as it reads, so its time
# depends on the ingest under way (tools/collector/README.md, "The tail on PostgreSQL"):
#   collector_pg_reads_read_ms            median time of those reads (curl, whole request)
#   collector_pg_reads_read_max_ms        the slowest of them
#   collector_pg_reads_read_failed        reads that failed (must be 0)
# Single posts run TP_BENCH_PAIRS times with rollups and as often without (default 3), alternated
# and in turns first, each on a fresh database (PostgreSQL: a fresh cluster): one run of each swung
# by 10-30% on a 2-core machine (whichever ran second on a PostgreSQL cluster shared the CPU with the
# first's autovacuum and checkpoint), more than rollups cost. Rates, CPU and p99 are the medians of
# the runs (every run on stderr), lost the largest, the WAL peak and the slowest read the largest.
# Env: TOUCHPOINT (the CLI), TP_BENCH_TMP (scratch folder), TP_BENCH_SECONDS (per run, default 10),
# TP_BENCH_PAIRS (runs with and without rollups, default 3), TP_BENCH_SEGMENTS=1 (payloads with
# two segments, plan and role, as nps-support's: a rollup row per segment more in every commit),
# TP_SERVE_ARGS (more `serve` flags for every run, e.g. "--wal-limit 0" to measure without the WAL bound),
# TP_PG_BIN (PostgreSQL server binaries, default /usr/lib/postgresql/15/bin; skipped if absent).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${TOUCHPOINT:?set TOUCHPOINT to the touchpoint binary}"
tmp=${TP_BENCH_TMP:-$(mktemp -d)}
seconds=${TP_BENCH_SECONDS:-10}
pairs=${TP_BENCH_PAIRS:-3}
mkdir -p "$tmp"
figures="$tmp/collector_load.figures"  # every run's name=value lines, summarized at the end
: >"$figures"

# process_ticks PID...: user + system CPU time of those processes so far, in clock ticks.
process_ticks() {
    local p t=0
    for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done
    echo "$t"
}

# server_pids DB: the processes of the PostgreSQL cluster a run uses (none for SQLite). Backends the
# collector opens during a run count from their start (one that exited during the run would make the
# figure low: the pool keeps its connections).
server_pids() {
    [ -n "$1" ] || return 0
    local postmaster
    postmaster=$(head -1 "$pg_dir/data/postmaster.pid")
    echo "$postmaster" $(pgrep -P "$postmaster")
}

# per_post TICKS ACKED: CPU microseconds per acknowledged response.
per_post() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v acked="$2" 'BEGIN{printf "%.1f", (acked > 0 ? t * 1e6 / hz / acked : 0)}'; }

# read_while PORT SECONDS OUT: GET /v1/aggregates?by=touchpoint every half second, from the
# second second for SECONDS - 2 more, each read's milliseconds a line of OUT, or "failed" (the
# token: $reads_token).
read_while() {
    sleep 1
    local end=$(( SECONDS + $2 - 2 )) t
    while (( SECONDS < end )); do
        if t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $reads_token" \
            "http://127.0.0.1:$1/v1/aggregates?by=touchpoint"); then
            awk -v t="$t" 'BEGIN{printf "%.1f\n", t * 1000}' >>"$3"
        else
            echo failed >>"$3"
        fi
        sleep 0.5
    done
}
reads_token=""  # set: run() reads while wrk runs (the collector started with --token "$reads_token")

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
    local out cpu_before cpu_after collector_before server_before
    collector_before=$(process_ticks "$pid"); server_before=$(process_ticks $(server_pids "$pg"))
    cpu_before=$(grep '^cpu ' /proc/stat)
    local reader="" reads="$tmp/collector_load_$prefix.reads"
    if [ -n "$reads_token" ]; then : >"$reads"; read_while "$port" "$seconds" "$reads" & reader=$!; fi
    out=$(BATCH=$batch wrk -t2 -c32 -d"${seconds}s" --latency -s "$here/collector_ingest.lua" "http://127.0.0.1:$port")
    cpu_after=$(grep '^cpu ' /proc/stat)
    local collector_ticks server_ticks
    collector_ticks=$(( $(process_ticks "$pid") - collector_before )); server_ticks=$(( $(process_ticks $(server_pids "$pg")) - server_before ))
    [ -z "$reader" ] || wait "$reader"
    kill -TERM "$pid"
    wait "$pid" || true
    [ -z "$sampler" ] || wait "$sampler" || true
    local acked p99 secs stored
    acked=$(sed -n 's/^acked=//p' <<<"$out"); p99=$(sed -n 's/^p99_us=//p' <<<"$out"); secs=$(sed -n 's/^seconds=//p' <<<"$out")
    if [ -n "$pg" ]; then stored=$(psql -X -At -d "$db" -c 'SELECT COUNT(*) FROM responses')
    else stored=$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses'); fi
    local rate
    rate=$(awk -v a="$acked" -v s="$secs" 'BEGIN{printf "%.0f", a/s}')
    # /proc/stat's cpu line: user nice system idle iowait irq softirq steal ... in clock ticks
    local cpu
    cpu=$(awk -v hz="$(getconf CLK_TCK)" -v acked="$acked" '
        NR == 1 { for (i = 2; i <= 9; i++) a[i] = $i }
        NR == 2 { for (i = 2; i <= 9; i++) d[i] = $i - a[i]
                  busy = d[2] + d[3] + d[4] + d[7] + d[8]; all = busy + d[5] + d[6] + d[9]
                  per = acked > 0 ? busy * 1e6 / hz / acked : 0; steal = all > 0 ? 100 * d[9] / all : 0
                  printf "%.1f %.1f", per, steal }' \
        <<<"$cpu_before"$'\n'"$cpu_after")
    local collector_us server_us
    collector_us=$(per_post "$collector_ticks" "$acked"); server_us=$(per_post "$server_ticks" "$acked")
    echo "$prefix: acked=$acked stored=$stored errors=$(sed -n 's/^errors=//p' <<<"$out") rate=$rate/s cpu_us_per_post=${cpu% *} steal_pct=${cpu#* } collector_us=$collector_us${pg:+ server_us=$server_us}" >&2
    {
        echo "${prefix}_ingest_per_s=$rate"
        echo "${prefix}_p99_ms=$(awk -v u="$p99" 'BEGIN{printf "%.2f", u/1000}')"
        echo "${prefix}_lost=$(( acked > stored ? acked - stored : 0 ))"
        echo "${prefix}_cpu_us_per_post=${cpu% *}"
        echo "${prefix}_own_cpu_us_per_post=$collector_us"
        [ -z "$pg" ] || echo "${prefix}_server_cpu_us_per_post=$server_us"
        echo "${prefix}_steal_pct=${cpu#* }"
        if [ -n "$reader" ]; then
            grep -v failed "$reads" | sort -n | awk -v p="$prefix" '{ v[NR] = $1 } END { if (NR) printf "%s_read_ms=%s\n%s_read_max_ms=%s\n", p, v[int((NR + 1) / 2)], p, v[NR] }' || true
            echo "${prefix}_read_failed=$(grep -c failed "$reads" || true)"
        fi
        [ -n "$pg" ] || echo "${prefix}_wal_peak_mb=$(awk -v b="$(cat "$tmp/collector_load_$prefix.walpeak" 2>/dev/null || echo 0)" 'BEGIN{printf "%.1f", b/1048576}')"
    } >>"$figures"
}

# compare PREFIX FRESH_DB: single posts TP_BENCH_PAIRS times with rollups and without, alternated,
# the first of each pair taking turns; FRESH_DB sets $db to a new database for each run ("": a
# fresh SQLite file).
compare() {
    local prefix=$1 fresh=$2 i
    for i in $(seq "$pairs"); do
        if (( i % 2 )); then
            $fresh; run "$prefix" 1 "$db"
            $fresh; run "${prefix}_norollups" 1 "$db" --no-rollups
        else
            $fresh; run "${prefix}_norollups" 1 "$db" --no-rollups
            $fresh; run "$prefix" 1 "$db"
        fi
    done
}

# The figures of every run, one line per name: medians (lost and the WAL peak: the largest), then
# the fall of each backend's rate with rollups.
summarize() {
    awk -F= '
        { v[$1] = v[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
        function median(list,   a, k, i, j, t) {
            k = split(list, a, " ")
            for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        }
        function largest(list,   a, k, i, m) { k = split(list, a, " "); m = a[1]; for (i = 2; i <= k; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
        END {
            for (i = 1; i <= n; i++) {
                name = order[i]
                out[name] = name ~ /_lost$|_wal_peak_mb$|_max_ms$|_failed$/ ? largest(v[name]) : median(v[name])
                printf "%s=%s\n", name, name ~ /_per_s$/ ? sprintf("%.0f", out[name]) : name ~ /_ms$/ ? sprintf("%.2f", out[name]) : name ~ /_(per_post|pct)$/ ? sprintf("%.1f", out[name]) : out[name]
            }
            for (i = 1; i <= n; i++) {
                name = order[i]
                if (name !~ /_norollups_ingest_per_s$/) continue
                base = name; sub(/_norollups_ingest_per_s$/, "", base)
                if ((base "_ingest_per_s") in out && out[name] > 0)
                    printf "%s_rollups_fall_pct=%.1f\n", base, 100 * (1 - out[base "_ingest_per_s"] / out[name])
                if ((base "_cpu_us_per_post") in out && out[base "_norollups_cpu_us_per_post"] > 0)
                    printf "%s_rollups_cpu_rise_pct=%.1f\n", base, 100 * (out[base "_cpu_us_per_post"] / out[base "_norollups_cpu_us_per_post"] - 1)
            }
        }' "$figures"
}

sqlite_db() { db=""; }  # run() starts a fresh file
compare collector sqlite_db
run collector_batch 20

# PostgreSQL: a private cluster in the scratch folder (initdb refuses root: run it as postgres).
pg_bin=${TP_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pg_bin/initdb" ]; then
    echo "collector_load: no PostgreSQL server binaries in $pg_bin; PostgreSQL figures skipped" >&2
    summarize
    exit 0
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi
pg_dir=""
pg_stop() { [ -z "$pg_dir" ] || { "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$pg_dir"; }; }
trap pg_stop EXIT
pg_db() {  # a fresh cluster for each run, started just before it: no other run's checkpoint, autovacuum or files
    pg_stop
    pg_dir=$(mktemp -d "$tmp/pg.XXXXXX")
    [ "$(id -u)" != 0 ] || chown postgres: "$pg_dir"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --no-locale --auth-local=trust \
        >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
        -o "-k $pg_dir -p $port -c listen_addresses=''" start >/dev/null
    db="host=$pg_dir port=$port dbname=postgres user=postgres"
}
compare collector_pg pg_db
pg_db; run collector_pg_batch 20 "$db"
pg_db; reads_token=bench-read-token-0123456789; run collector_pg_reads 20 "$db" --token "$reads_token"; reads_token=""
summarize
