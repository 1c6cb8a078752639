# The benchmarks' 1,000,000 generated response/1 payloads (nps-support on the saas-support map,
# 60 days from 2026-10-01, a fixed seed): generated once into $TP_BENCH_TMP, reused afterwards.
# Source it, then: data=$(responses_1m NAME [SURVEY]) — NAME says who generated it, in the
# message; SURVEY another example survey (no journey map), e.g. cx-maturity (a matrix).
responses_1m() {
    local count=1000000 survey=${2:-nps-support} data="$TP_BENCH_TMP/responses-1m.ndjson" journey
    journey=(--journey "$TP_ROOT/examples/journeys/saas-support.json")
    if [ "$survey" != nps-support ]; then data="$TP_BENCH_TMP/responses-1m-$survey.ndjson"; journey=(); fi
    if [ ! -s "$data" ] || [ "$(wc -l < "$data")" -ne "$count" ]; then
        echo "$1: generating $count responses into $data (once)" >&2
        "$TOUCHPOINT" generate --survey "$TP_ROOT/examples/surveys/$survey.json" \
            "${journey[@]}" --count "$count" --seed 20261123 \
            --start 2026-10-01T00:00:00Z --days 60 > "$data.tmp"
        mv "$data.tmp" "$data"
    fi
    echo "$data"
}
