#!/usr/bin/env bash
# One hostile client against the collector (`touchpoint serve`, SQLite): it holds 1,000
# connections from 127.0.0.2 trickling a header byte every 2 s (tests/bench/lib/slowloris.mjs),
# while wrk posts single responses from 127.0.0.1 (2 threads, 32 connections). The per-address
# cap is lifted (--max-connections-per-client 0) so the server really holds all 1,000: what is
# measured is the event loop, not the cap. Prints:
#   collector_slowloris_ok_ratio   share of wrk's requests answered 200 (errors and timeouts count as not)
#   collector_slowloris_p99_ms     99th percentile latency of wrk's requests
#   collector_slowloris_per_s      responses acknowledged per second meanwhile
#   collector_slowloris_held       hostile connections open at the end
# Env: TOUCHPOINT, TP_BENCH_TMP, TP_BENCH_SECONDS (default 10), TP_SLOWLORIS_CONNECTIONS (default 1000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${TOUCHPOINT:?set TOUCHPOINT to the touchpoint binary}"
tmp=${TP_BENCH_TMP:-$(mktemp -d)}
seconds=${TP_BENCH_SECONDS:-10}
hostile=${TP_SLOWLORIS_CONNECTIONS:-1000}
mkdir -p "$tmp"
db="$tmp/collector_slowloris.sqlite" log="$tmp/collector_slowloris.log"
rm -f "$db" "$db-wal" "$db-shm"
"$TOUCHPOINT" serve --listen 127.0.0.1:0 --db "$db" --rate 0 --max-connections-per-client 0 --max-connections 4096 \
    --header-timeout 30 >"$log" 2>&1 &
pid=$!
attacker=""
cleanup() { [ -z "$attacker" ] || kill "$attacker" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; }
trap cleanup EXIT
port=""
for _ in $(seq 100); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "collector did not start: $(cat "$log")" >&2; exit 1; }
node "$here/lib/slowloris.mjs" "$port" "$hostile" "$((seconds + 4))" >"$tmp/collector_slowloris_attacker.out" &
attacker=$!
sleep 3  # every hostile connection is open and trickling before the measure starts
out=$(BATCH=1 wrk -t2 -c32 -d"${seconds}s" --latency -s "$here/collector_ingest.lua" "http://127.0.0.1:$port")
wait "$attacker" || true
attacker=""
acked=$(sed -n 's/^acked=//p' <<<"$out"); requests=$(sed -n 's/^requests=//p' <<<"$out")
errors=$(sed -n 's/^socket_errors=//p' <<<"$out"); p99=$(sed -n 's/^p99_us=//p' <<<"$out"); secs=$(sed -n 's/^seconds=//p' <<<"$out")
held=$(sed -n 's/^held=//p' "$tmp/collector_slowloris_attacker.out")
echo "collector_slowloris: sent=$(sed -n 's/^sent=//p' <<<"$out") acked=$acked requests=$requests socket_errors=$errors held=$held cut=$(sed -n 's/^cut=//p' "$tmp/collector_slowloris_attacker.out")" >&2
# Answered = status 200; asked = completed + failed (timeouts included). wrk counts neither for
# requests that never got any answer, so with none completed the ratio is 0 (`sent` says how many went out).
echo "collector_slowloris_ok_ratio=$(awk -v a="$acked" -v r="$requests" -v e="$errors" 'BEGIN{printf "%.4f", ((r+e) > 0 ? a/(r+e) : 0)}')"
echo "collector_slowloris_p99_ms=$(awk -v u="$p99" 'BEGIN{printf "%.2f", u/1000}')"
echo "collector_slowloris_per_s=$(awk -v a="$acked" -v s="$secs" 'BEGIN{printf "%.0f", a/s}')"
echo "collector_slowloris_held=$held"
