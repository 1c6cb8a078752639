#!/usr/bin/env bash
# `touchpoint score` streams the collector's CSV export: records whose quoted cells span lines and
# straddle the 1 MiB read chunks aggregate exactly like the NDJSON they came from, and memory
# stays flat when the export grows tenfold (the CSV used to be read whole).
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S="$TP_SOURCE_DIR/examples/surveys/b2b-role.json"
M="$TP_SOURCE_DIR/examples/journeys/b2b-purchase.json"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 10000 --seed 5 > "$tmp/r.ndjson" || fail "generate exit $?"
# The export, with each answers cell pretty-printed (newlines inside quotes), and a 10x copy.
python3 - "$tmp" <<'PY'
import csv, json, sys
d = sys.argv[1]
cols = "id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers".split(",")
rows = []
for line in open(f"{d}/r.ndjson", encoding="utf-8"):
    p = json.loads(line); s = p.get("scores", {}); j = p.get("journey", {})
    g = lambda o, k: "" if o.get(k) is None else str(o[k])
    rows.append([p["id"], p["survey"]["id"], p["survey"]["version"], p["submitted"], p["locale"], g(j,"map"), g(j,"stage"),
                 g(j,"touchpoint"), g(s.get("nps",{}),"value"), g(s.get("csat",{}),"value"), g(s.get("csat",{}),"scale"),
                 g(s.get("ces",{}),"value"), g(s.get("ces",{}),"scale"), g(p.get("alert",{}),"reason"), p["redactions"],
                 json.dumps(p["answers"], ensure_ascii=False, indent=1)])
for name, copies in (("r", 1), ("big", 10)):
    with open(f"{d}/{name}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n"); w.writerow(cols)
        for _ in range(copies): w.writerows(rows)
PY
[ "$(stat -c %s "$tmp/r.csv")" -gt 2000000 ] || fail "export smaller than two read chunks"
"$TOUCHPOINT" score --by touchpoint --by answer.role "$tmp/r.ndjson" > "$tmp/ndjson.out" || fail "score ndjson"
"$TOUCHPOINT" score --by touchpoint --by answer.role "$tmp/r.csv" > "$tmp/csv.out" || fail "score csv exit $?"
cmp -s "$tmp/ndjson.out" "$tmp/csv.out" || fail "CSV with multi-line cells differs from NDJSON"
"$TOUCHPOINT" score --format csv --by touchpoint --by answer.role < "$tmp/r.csv" | cmp -s - "$tmp/ndjson.out" || fail "stdin CSV differs"
# A malformed record in the middle is reported at its line; the rest still counts.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
lines = open(f"{d}/r.csv", encoding="utf-8", newline="").read().split("\r\n")
out = lines[:1] + ['x,"unclosed"y,1'] + lines[1:]
open(f"{d}/bad.csv", "w", encoding="utf-8", newline="").write("\r\n".join(out))
PY
"$TOUCHPOINT" score "$tmp/bad.csv" > /dev/null 2> "$tmp/bad.err"; rc=$?
[ $rc -eq 1 ] || fail "bad CSV exit $rc"
grep -q "bad.csv:2: unexpected character after a quoted field" "$tmp/bad.err" || fail "bad record: $(cat "$tmp/bad.err")"
grep -q "1 bad lines skipped, 10000 responses aggregated" "$tmp/bad.err" || fail "summary: $(tail -1 "$tmp/bad.err")"
# Peak memory for 1x and 10x the export (sanitizer builds: keep freed memory out of quarantine).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
python3 - "$TOUCHPOINT" "$tmp" <<'PY' || fail "memory grows with the CSV"
import resource, subprocess, sys, os
tp, d = sys.argv[1], sys.argv[2]
def peak_kb(path):
    # ru_maxrss of the children is the largest so far, so measure each run in a fresh process.
    code = f"import resource,subprocess,sys; subprocess.run([{tp!r},'score','--by','touchpoint',{path!r}],stdout=subprocess.DEVNULL,check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
small, big = peak_kb(f"{d}/r.csv"), peak_kb(f"{d}/big.csv")
size = os.path.getsize(f"{d}/big.csv") // 1024
print(f"peak RSS: 1x {small} KB, 10x {big} KB (10x export {size} KB)")
assert big - small < size // 4, (small, big, size)
PY
echo ok
