#!/usr/bin/env bash
# collector_aggregates_ms: GET /v1/aggregates (the journey heat map's data) over 1,000,000 stored
# responses in SQLite, best of 3, grouped by touchpoint and by touchpoint x month (the slower of
# the two is collector_aggregates_ms; the issue's target is 50 ms); answered from
# the collector's journey rollups (tools/collector/README.md, "Results rollups"). Beside each, the
# same grouping from a scan of every payload (what a grouping or filter the rollups cannot answer
# costs: source=scan). Then by touchpoint and a segment (the segment's rollup rows), and by
# touchpoint and two segments, which needs the payloads.
# The store is the one results_1m.sh uses (lib/collector_1m.sh seeds it once).
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_ROOT:?}" "${TP_BENCH_TMP:?}"
count=1000000
. "$(dirname "$0")/lib/collector_1m.sh"
collector_1m_start collector_aggregates
slowest=0
for by in touchpoint touchpoint,month; do
    url="$origin/v1/aggregates?by=$by"
    source=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $reader" "$url" | tr -d '\r' | sed -n 's/^[Xx]-[Tt]ouchpoint-[Ss]ource: //p')
    [ "$source" = rollups ] || { echo "collector_aggregates: by=$by came from '$source', not the rollups" >&2; exit 1; }
    n=$(curl -sf -H "Authorization: Bearer $reader" "$url" | python3 -c 'import json,sys; print(sum(g["n"] for g in json.load(sys.stdin)["groups"]))')
    [ "$n" -eq "$count" ] || { echo "collector_aggregates: by=$by counts $n responses, not $count" >&2; exit 1; }
    name=collector_aggregates_${by/,/_}
    ms=$(best_ms "$url")
    [ "$ms" -gt "$slowest" ] && slowest=$ms
    echo "${name}_ms=$ms"
    echo "${name}_scan_ms=$(best_ms "$url&source=scan")"
done
echo "collector_aggregates_ms=$slowest"
url="$origin/v1/aggregates?by=touchpoint,segment.plan"
source=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $reader" "$url" | tr -d '\r' | sed -n 's/^[Xx]-[Tt]ouchpoint-[Ss]ource: //p')
[ "$source" = rollups ] || { echo "collector_aggregates: by touchpoint and a segment came from '$source', not the rollups" >&2; exit 1; }
echo "collector_aggregates_touchpoint_segment_ms=$(best_ms "$url")"
echo "collector_aggregates_touchpoint_segment_scan_ms=$(best_ms "$url&source=scan")"
echo "collector_aggregates_touchpoint_two_segments_scan_ms=$(best_ms "$origin/v1/aggregates?by=touchpoint,segment.plan,segment.role")"
