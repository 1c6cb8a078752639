#!/usr/bin/env bash
# `touchpoint generate`: deterministic NDJSON of response/1 payloads linked to the map's
# touchpoints, spread over --start/--days; clear errors for bad input.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S="$TP_SOURCE_DIR/examples/surveys/nps-support.json"
M="$TP_SOURCE_DIR/examples/journeys/saas-support.json"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 300 --seed 9 --start 2026-01-01T00:00:00Z --days 7 > "$tmp/a" || fail "exit $?"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 300 --seed 9 --start 2026-01-01T00:00:00Z --days 7 > "$tmp/b" || fail "exit $?"
cmp -s "$tmp/a" "$tmp/b" || fail "same seed, different output"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 300 --seed 10 > "$tmp/c" || fail "exit $?"
cmp -s "$tmp/a" "$tmp/c" && fail "different seeds, same output"
[ "$(wc -l < "$tmp/a")" -eq 300 ] || fail "line count"
python3 - "$tmp/a" "$M" <<'PY' || fail "payload content"
import json, sys
tps = {t["id"] for t in json.load(open(sys.argv[2]))["touchpoints"]}
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    assert p["touchpoint"] == "response/1"
    assert "2026-01-01" <= p["submitted"][:10] <= "2026-01-07", p["submitted"]
    assert p["journey"]["touchpoint"] in tps
    seen.add(p["journey"]["touchpoint"])
assert len(seen) >= 3
PY
"$TOUCHPOINT" score "$tmp/a" > /dev/null || fail "score rejects generated data"
"$TOUCHPOINT" generate --survey "$S" --count 0 --seed 1 | cmp -s - /dev/null || fail "count 0 prints something"
echo '{"touchpoint":"survey/1"}' > "$tmp/bad.json"
"$TOUCHPOINT" generate --survey "$tmp/bad.json" --count 1 --seed 1 >/dev/null 2>"$tmp/err"; [ $? -eq 1 ] || fail "bad survey not exit 1"
grep -q "bad.json: .*missing \"id\"" "$tmp/err" || fail "bad survey error not reported: $(cat "$tmp/err")"
"$TOUCHPOINT" generate --survey "$S" --count 1 --seed 1 --start yesterday >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --start not exit 2"
"$TOUCHPOINT" generate --survey "$tmp/nope.json" --count 1 --seed 1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing survey not exit 2"
"$TOUCHPOINT" generate --survey "$S" --seed 1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --count not exit 2"
echo ok
