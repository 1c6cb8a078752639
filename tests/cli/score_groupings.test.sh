#!/usr/bin/env bash
# `touchpoint score --grouping A --grouping B,C`: several groupings in one pass, each equal to the
# separate `--by` run (groups, response counts), bad lines reported once; usage errors exit 2.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S="$TP_SOURCE_DIR/examples/surveys/b2b-role.json"
M="$TP_SOURCE_DIR/examples/journeys/b2b-purchase.json"
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 400 --seed 11 > "$tmp/r.ndjson" || fail "generate exit $?"
{ head -n 20 "$tmp/r.ndjson"
  echo '{"touchpoint":"response/1","scores":{"nps":{"value":"ten"}}}'
  echo 'not json'
  tail -n 20 "$tmp/r.ndjson"; } > "$tmp/mixed.ndjson"
for f in r mixed; do
    "$TOUCHPOINT" score --grouping touchpoint --grouping stage,month --grouping answer.role "$tmp/$f.ndjson" \
        > "$tmp/$f.multi.json" 2> "$tmp/$f.multi.err"; rc=$?
    "$TOUCHPOINT" score --by touchpoint "$tmp/$f.ndjson" > "$tmp/$f.tp.json" 2> "$tmp/$f.tp.err"; rc_tp=$?
    "$TOUCHPOINT" score --by stage --by month "$tmp/$f.ndjson" > "$tmp/$f.sm.json" 2>/dev/null
    "$TOUCHPOINT" score --by answer.role "$tmp/$f.ndjson" > "$tmp/$f.role.json" 2>/dev/null
    [ $rc -eq $rc_tp ] || fail "$f: exit $rc, separate run exit $rc_tp"
    python3 - "$tmp" "$f" <<'PY' || fail "$f: groupings differ from separate runs"
import json, sys
d, f = sys.argv[1], sys.argv[2]
multi = json.load(open(f"{d}/{f}.multi.json"))["groupings"]
assert [g["by"] for g in multi] == [["touchpoint"], ["stage", "month"], ["answer.role"]], multi
for g, name in zip(multi, ["tp", "sm", "role"]):
    single = json.load(open(f"{d}/{f}.{name}.json"))
    assert g["groups"] == single["groups"], name
    assert g["responses"] == sum(x["n"] for x in json.load(open(f"{d}/{f}.tp.json"))["groups"])
PY
done
# Bad lines: reported once each (not once per grouping), with the same FILE:LINE as --by.
[ "$(grep -c 'mixed.ndjson:21:' "$tmp/mixed.multi.err")" -eq 1 ] || fail "line 21 not reported once: $(cat "$tmp/mixed.multi.err")"
grep -q 'mixed.ndjson:22: not valid JSON' "$tmp/mixed.multi.err" || fail "line 22 not reported"
grep -q 'grouping 2: 2 bad lines skipped, 40 responses aggregated' "$tmp/mixed.multi.err" || fail "summary: $(cat "$tmp/mixed.multi.err")"
grep 'mixed.ndjson:2[12]:' "$tmp/mixed.tp.err" | cmp -s - <(grep 'mixed.ndjson:2[12]:' "$tmp/mixed.multi.err") || fail "messages differ from --by"
# The one-grouping output is unchanged by the option's existence (byte for byte).
"$TOUCHPOINT" score --by touchpoint - < "$tmp/r.ndjson" | cmp -s - "$tmp/r.tp.json" || fail "--by output changed"
# Usage errors.
"$TOUCHPOINT" score --by touchpoint --grouping stage "$tmp/r.ndjson" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--by with --grouping not exit 2"
"$TOUCHPOINT" score --grouping touchpoint --grouping colour "$tmp/r.ndjson" >/dev/null 2> "$tmp/usage.err"; [ $? -eq 2 ] || fail "unknown key not exit 2"
grep -q 'grouping 2: unknown group key "colour"' "$tmp/usage.err" || fail "unknown key message: $(cat "$tmp/usage.err")"
echo ok
