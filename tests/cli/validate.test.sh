#!/usr/bin/env bash
# `touchpoint validate`: every example passes (surveys, journey maps, responses, told apart by their
# "touchpoint" member); bad files give FILE: POINTER: message and exit 1; JSON syntax errors name
# line, column and byte; unreadable files exit 2; hostile input (deep nesting, binary garbage, huge
# files) never crashes.
set -u
fail() { echo "FAIL: $*"; exit 1; }
T="$TOUCHPOINT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$T" validate "$TP_SOURCE_DIR"/examples/surveys/*.json) || fail "examples do not validate: $out"
[ "$(grep -c ': ok (survey/1)$' <<<"$out")" -ge 5 ] || fail "expected 5+ ok lines: $out"

# Journey maps and responses are recognised by their "touchpoint" member, each checked by its own
# validator (a journey map used to get 'expected "touchpoint": "survey/1"').
out=$("$T" validate "$TP_SOURCE_DIR"/examples/journeys/*.json) || fail "journey examples do not validate: $out"
[ "$(grep -c ': ok (journey/1)$' <<<"$out")" -ge 3 ] || fail "expected 3+ journey ok lines: $out"
S="$TP_SOURCE_DIR/examples/surveys/nps-support.json"
"$T" generate --survey "$S" --count 1 --seed 1 >"$tmp/one.json" || fail "generate"
out=$("$T" validate "$tmp/one.json") || fail "a response/1 file does not validate: $out"
grep -qF "$tmp/one.json: ok (response/1)" <<<"$out" || fail "response not recognised: $out"
"$T" generate --survey "$S" --count 5 --seed 2 >"$tmp/five.ndjson" || fail "generate"
out=$("$T" validate "$tmp/five.ndjson") || fail "NDJSON of responses does not validate: $out"
grep -qF "$tmp/five.ndjson: ok (5 response/1 lines)" <<<"$out" || fail "NDJSON not recognised: $out"
sed '3s/"value":[0-9]*/"value":"ten"/' "$tmp/five.ndjson" >"$tmp/bad.ndjson"
out=$("$T" validate "$tmp/bad.ndjson"); rc=$?
[ "$rc" -eq 1 ] || fail "a bad NDJSON line exited $rc: $out"
grep -q "^$tmp/bad.ndjson:3: /scores/" <<<"$out" || fail "bad NDJSON line not named FILE:LINE: POINTER: $out"
sed 's/"stage": *"[^"]*"/"stage": "nowhere"/' "$TP_SOURCE_DIR/examples/journeys/saas-support.json" >"$tmp/map.json"
out=$("$T" validate "$tmp/map.json"); rc=$?
[ "$rc" -eq 1 ] || fail "a bad journey map exited $rc: $out"
grep -q "^$tmp/map.json: /touchpoints/0/stage: unknown stage \"nowhere\"" <<<"$out" || fail "journey error not reported: $out"
printf '{"touchpoint":"survey/2","id":"x"}' >"$tmp/future.json"
out=$("$T" validate "$tmp/future.json"); rc=$?
[ "$rc" -eq 1 ] || fail "an unknown kind exited $rc"
grep -qF "$tmp/future.json: /touchpoint: expected \"survey/1\", \"journey/1\" or \"response/1\", not \"survey/2\"" <<<"$out" || fail "unknown kind: $out"
# A JSON Schema reference at the top of a survey is neither an error nor a warning.
python3 - "$S" >"$tmp/schema.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({"$schema": "https://example.com/schemas/survey-1.json", **d}, ensure_ascii=False))
PY
out=$("$T" validate "$tmp/schema.json") || fail "\$schema refused: $out"
[ "$out" = "$tmp/schema.json: ok (survey/1)" ] || fail "\$schema warned: $out"
# A syntax error names line, column and byte.
printf '{\n  "touchpoint": "survey/1",\n  "id": }\n' >"$tmp/syntax.json"
out=$("$T" validate "$tmp/syntax.json"); rc=$?
[ "$rc" -eq 1 ] || fail "syntax error exited $rc"
grep -qF "$tmp/syntax.json: /: not valid JSON at line 3, column 9 (byte 38): " <<<"$out" || fail "no line/column: $out"

cat >"$tmp/bad.json" <<'JSON'
{"touchpoint":"survey/1","id":"x","version":"1","locales":["zh-CN","en"],"colour":"blue",
 "questions":[{"id":"nps","type":"nps","title":"t"},
              {"id":"nps","type":"csat","title":"t","scale":42},
              {"id":"why","type":"text","title":{"zh-CN":"为什么","ja":"なぜ"},"visibleIf":"nsp <= 6"},
              {"id":"w2","type":"text","title":"t","visibleIf":"nps <= "}]}
JSON
out=$("$T" validate "$tmp/bad.json"); rc=$?
[ "$rc" -eq 1 ] || fail "invalid survey exited $rc, expected 1"
for line in \
  "$tmp/bad.json: warning: /colour: unknown field \"colour\" is ignored" \
  "$tmp/bad.json: /questions/1/id: duplicate question id \"nps\"" \
  "$tmp/bad.json: /questions/1/scale: scale out of range: 42 is not within 3–10" \
  "$tmp/bad.json: /questions/2/title/ja: unknown locale \"ja\" (not in /locales)"; do
  grep -qF -- "$line" <<<"$out" || fail "missing line: $line
got: $out"
done

# Expression errors name the column (after fixing the other mistakes so the loader reaches them).
cat >"$tmp/expr.json" <<'JSON'
{"touchpoint":"survey/1","id":"x","version":"1","locales":["en"],
 "questions":[{"id":"nps","type":"nps","title":"t"},
              {"id":"why","type":"text","title":"t","visibleIf":"nsp <= 6"},
              {"id":"w2","type":"text","title":"t","visibleIf":"nps <= "}]}
JSON
out=$("$T" validate "$tmp/expr.json"); rc=$?
[ "$rc" -eq 1 ] || fail "expression errors exited $rc"
grep -qF "$tmp/expr.json: /questions/1/visibleIf: unknown question \"nsp\" (column 1)" <<<"$out" || fail "no unknown-question line: $out"
grep -qF "$tmp/expr.json: /questions/2/visibleIf: bad expression: unexpected end of expression (column 8)" <<<"$out" || fail "no column: $out"

# Warnings alone keep exit 0.
sed 's/"locales":\["en"\]/"locales":["en"],"extra":true/; s/nsp <= 6/nps <= 6/; s/nps <= "/nps <= 3"/' "$tmp/expr.json" >"$tmp/warn.json"
out=$("$T" validate "$tmp/warn.json"); rc=$?
[ "$rc" -eq 0 ] || fail "warnings only exited $rc: $out"
grep -qF "warning: /extra" <<<"$out" || fail "warning not printed: $out"

# Not JSON, wrong types, deep nesting, binary garbage, empty file, huge file.
printf '{"touchpoint": "survey/1",' >"$tmp/truncated.json"
printf '[1,2,3]' >"$tmp/array.json"
printf '{"touchpoint":"survey/1","id":5,"version":[],"locales":"en","questions":{}}' >"$tmp/types.json"
python3 -c 'print("[" * 200000)' >"$tmp/deep.json"
head -c 4096 /dev/urandom >"$tmp/garbage.bin"
: >"$tmp/empty.json"
python3 -c 'print("{\"a\":\"" + "x" * 3000000 + "\"}")' >"$tmp/huge.json"
for f in truncated.json array.json types.json deep.json garbage.bin empty.json huge.json; do
  out=$("$T" validate "$tmp/$f" 2>&1); rc=$?
  [ "$rc" -eq 1 ] || fail "$f exited $rc, expected 1: $out"
  grep -q "^$tmp/$f: /" <<<"$out" || fail "$f: no FILE: POINTER: message line: $out"
done
grep -q "nests deeper than" <<<"$("$T" validate "$tmp/deep.json")" || fail "deep nesting not explained"
grep -q "not valid JSON" <<<"$("$T" validate "$tmp/truncated.json")" || fail "invalid JSON not explained"
grep -q "larger than" <<<"$("$T" validate "$tmp/huge.json")" || fail "huge file not explained"

# Unreadable: exit 2 with a clear message, and other files are still checked.
out=$("$T" validate "$tmp/missing.json" "$TP_SOURCE_DIR/examples/surveys/nps-support.json" 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "missing file exited $rc, expected 2"
grep -qF "$tmp/missing.json: cannot read: No such file or directory" <<<"$out" || fail "unclear message: $out"
grep -q "nps-support.json: ok" <<<"$out" || fail "later files not checked: $out"
"$T" validate >/dev/null 2>&1; [ $? -eq 2 ] || fail "no arguments should be a usage error"
echo ok
