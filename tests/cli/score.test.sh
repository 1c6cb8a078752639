#!/usr/bin/env bash
# `touchpoint score`: NDJSON and CSV in, aggregate JSON out; bad lines reported as FILE:LINE and
# counted, exit 1 while the aggregate is still printed; usage errors exit 2.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S="$TP_SOURCE_DIR/examples/surveys/nps-support.json"
M="$TP_SOURCE_DIR/examples/journeys/saas-support.json"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 500 --seed 3 > "$tmp/r.ndjson" || fail "generate exit $?"
"$TOUCHPOINT" score --by touchpoint "$tmp/r.ndjson" > "$tmp/out.json" || fail "score exit $?"
python3 - "$tmp/out.json" <<'PY' || fail "aggregate JSON"
import json, sys
r = json.load(open(sys.argv[1]))
g = r["groups"]
assert len(g) >= 3, g
assert sum(x["n"] for x in g) == 500
keys = [x["key"]["touchpoint"] for x in g]
assert keys == sorted(keys), keys
for x in g:
    n = x["nps"]
    assert n["promoters"] + n["passives"] + n["detractors"] == n["n"]
    assert abs(n["value"] - 100.0 * (n["promoters"] - n["detractors"]) / n["n"]) <= 0.0501, n
    assert x["small_sample"] == (x["n"] < 30)
PY
# Same result from stdin, and with a survey for labels.
"$TOUCHPOINT" score --by touchpoint - < "$tmp/r.ndjson" | cmp -s - "$tmp/out.json" || fail "stdin differs"
"$TOUCHPOINT" score --survey "$S" --by answer.resolved "$tmp/r.ndjson" | grep -q '"labels":{"answer.resolved":"已解决"}' || fail "labels"
# Bad lines: garbage, truncated, wrong types, a huge line. Exit 1, aggregate still printed.
{ head -n 10 "$tmp/r.ndjson"
  printf '\x00\xff\xfe binary\n'
  head -n 1 "$tmp/r.ndjson" | cut -c1-80
  echo '{"touchpoint":"response/1","scores":{"nps":{"value":"ten"}}}'
  python3 -c "print('{\"touchpoint\":\"response/1\",\"answers\":{\"why\":\"' + 'x' * 3000000 + '\"}}')"
  echo '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
  tail -n 5 "$tmp/r.ndjson"; } > "$tmp/bad.ndjson"
"$TOUCHPOINT" score "$tmp/bad.ndjson" > "$tmp/bad.out" 2> "$tmp/bad.err"; rc=$?
[ $rc -eq 1 ] || fail "bad input exit $rc, expected 1"
grep -q "bad.ndjson:11: not valid JSON" "$tmp/bad.err" || fail "binary line not reported: $(cat "$tmp/bad.err")"
grep -q "bad.ndjson:12: not valid JSON" "$tmp/bad.err" || fail "truncated line not reported"
grep -q "bad.ndjson:13: /scores/nps/value: expected a number" "$tmp/bad.err" || fail "wrong type not reported"
grep -q "bad.ndjson:15: not valid JSON" "$tmp/bad.err" || fail "unclosed nesting not reported"
grep -q "4 bad lines skipped, 16 responses aggregated" "$tmp/bad.err" || fail "summary: $(tail -1 "$tmp/bad.err")"
python3 -c "import json,sys; r=json.load(open('$tmp/bad.out')); assert r['groups'][0]['n']==16" || fail "aggregate of good lines"
# A file of garbage: the first 10 bad lines, then a count; exit 1 (nothing could be read).
python3 -c "
import random
r = random.Random(7)
for i in range(200): print(''.join(chr(r.randrange(33, 127)) for _ in range(40)))" > "$tmp/garbage.txt"
"$TOUCHPOINT" score "$tmp/garbage.txt" > "$tmp/g.out" 2> "$tmp/g.err"; rc=$?
[ $rc -eq 1 ] || fail "garbage exit $rc, expected 1"
[ "$(grep -c "^$tmp/garbage.txt:[0-9]*: not valid JSON at column" "$tmp/g.err")" -eq 10 ] || fail "expected 10 listed lines: $(head -c 2000 "$tmp/g.err")"
grep -qF "garbage.txt: … 190 more bad lines" "$tmp/g.err" || fail "no count of the rest: $(tail -3 "$tmp/g.err")"
grep -qF "200 bad lines skipped, 0 responses aggregated" "$tmp/g.err" || fail "summary: $(tail -1 "$tmp/g.err")"
[ "$(wc -l < "$tmp/g.err")" -le 12 ] || fail "garbage floods stderr: $(wc -l < "$tmp/g.err") lines"
# CSV export (as the collector writes it) gives the same aggregate as the NDJSON.
python3 - "$tmp/r.ndjson" > "$tmp/r.csv" <<'PY'
import csv, json, sys
cols = "id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers".split(",")
w = csv.writer(sys.stdout, lineterminator="\r\n"); w.writerow(cols)
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line); s = p.get("scores", {}); j = p.get("journey", {})
    g = lambda o, k: "" if o.get(k) is None else str(o[k])
    w.writerow([p["id"], p["survey"]["id"], p["survey"]["version"], p["submitted"], p["locale"], g(j,"map"), g(j,"stage"),
                g(j,"touchpoint"), g(s.get("nps",{}),"value"), g(s.get("csat",{}),"value"), g(s.get("csat",{}),"scale"),
                g(s.get("ces",{}),"value"), g(s.get("ces",{}),"scale"), g(p.get("alert",{}),"reason"), p["redactions"],
                json.dumps(p["answers"], ensure_ascii=False, separators=(",",":"))])
PY
"$TOUCHPOINT" score --by touchpoint "$tmp/r.csv" | cmp -s - "$tmp/out.json" || fail "CSV aggregate differs from NDJSON"
"$TOUCHPOINT" score --format csv --by touchpoint < "$tmp/r.csv" | cmp -s - "$tmp/out.json" || fail "--format csv from stdin"
# Usage errors.
"$TOUCHPOINT" score --by colour "$tmp/r.ndjson" >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown key not exit 2"
"$TOUCHPOINT" score "$tmp/missing.ndjson" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing file not exit 2"
"$TOUCHPOINT" score --format xml "$tmp/r.ndjson" >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad format not exit 2"
echo ok
