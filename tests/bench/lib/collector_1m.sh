# A collector over 1,000,000 stored responses in SQLite, for
# collector_aggregates.sh and results_1m.sh. Seeds the store once (seed_sqlite.sh: the 1M payloads of
# responses_1m.sh inserted directly), then the collector's rollups rebuilt (--rebuild-rollups: the
# rows went in behind the collector's back). Later runs reuse the file.
# Source it, then: collector_1m_start NAME [SURVEY] — sets $origin, $reader (the read token) and
# $pid, and an EXIT trap that stops the collector. SURVEY (default nps-support) has a store of its own.
# collector_1m_stop stops it (to start another).
# count=1000000 is expected.
. "$(dirname "${BASH_SOURCE[0]}")/responses_1m.sh"
. "$(dirname "${BASH_SOURCE[0]}")/seed_sqlite.sh"

collector_1m_start() {
    trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
    local name=$1 survey=${2:-nps-support} data
    data=$(responses_1m "$name" "$survey")
    db="$TP_BENCH_TMP/results-1m.sqlite"
    [ "$survey" = nps-support ] || db="$TP_BENCH_TMP/results-1m-$survey.sqlite"
    port=$((20000 + RANDOM % 20000))
    origin="http://127.0.0.1:$port"
    editor=bench-editor-token-0123456789 reader=bench-read-token-0123456789
    log="$TP_BENCH_TMP/$name-serve.log"
    local rebuild=""
    if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM responses' 2>/dev/null || echo 0)" -ne "$count" ]; then
        echo "$name: seeding $db (once)" >&2
        rm -f "$db" "$db-wal" "$db-shm"
        collector_1m_serve "$name" || return 1  # creates the schema
        curl -sf -X PUT -H "Authorization: Bearer $editor" -H 'Content-Type: application/json' \
            --data-binary @"$TP_ROOT/examples/surveys/$survey.json" "$origin/v1/studio/surveys/$survey?publish=1" >/dev/null
        kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
        seed_sqlite "$db" "$data"
        rebuild=--rebuild-rollups
    fi
    collector_1m_serve "$name" $rebuild
}

collector_1m_stop() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
    wait "${pid:-}" 2>/dev/null || true
    pid=""
}

collector_1m_serve() {  # NAME [--rebuild-rollups]
    local name=$1
    shift
    "$TOUCHPOINT" serve --db "$db" --listen "127.0.0.1:$port" --editor-token "$editor" --token "$reader" --rate 0 "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do curl -sf "$origin/healthz" >/dev/null && return 0; sleep 0.1; done
    echo "$name: the collector did not start: $(tail -3 "$log")" >&2
    return 1
}

best_ms() {  # URL: the shortest of 3 timed GETs with the read token, in ms
    local best="" t ms
    for _ in 1 2 3; do
        t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $reader" "$1")
        ms=$(echo "$t * 1000 / 1" | bc)
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best"
}
