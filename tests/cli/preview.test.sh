#!/usr/bin/env bash
# `touchpoint preview`: prints the exact response/1 payload (or CloudEvent) for given answers;
# reproducible with --seed; refuses bad answers and bad files with a clear message.
set -u
fail() { echo "FAIL: $*"; exit 1; }
T="$TOUCHPOINT"
S="$TP_SOURCE_DIR/examples/surveys"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
json() { node -e "const p=JSON.parse(require('fs').readFileSync(0,'utf8')); const v=($1); console.log(typeof v === 'string' ? v : JSON.stringify(v))"; }

printf '{"nps":3,"why":"打 13812345678 或 li@example.com","resolved":"no"}' >"$tmp/answers.json"
printf '{"now_ms":1763874123456,"page":"/tickets/9?token=abc","respondent":"u-1","key":"k","segment":{"plan":"pro","email":"x@y.z"}}' >"$tmp/ctx.json"
out=$("$T" preview --survey "$S/nps-support.json" --answers "$tmp/answers.json" --context "$tmp/ctx.json" --seed 7) || fail "preview failed"
again=$("$T" preview --survey "$S/nps-support.json" --answers "$tmp/answers.json" --context "$tmp/ctx.json" --seed 7)
[ "$out" = "$again" ] || fail "--seed output is not reproducible"
[ "$(json 'p.touchpoint' <<<"$out")" = "response/1" ] || fail "not a response/1: $out"
[ "$(json 'p.answers.why' <<<"$out")" = "打 [phone] 或 [email]" ] || fail "free text not redacted: $out"
[ "$(json 'p.redactions' <<<"$out")" = "2" ] || fail "redaction count"
[ "$(json 'p.alert.reason' <<<"$out")" = "detractor" ] || fail "no detractor alert"
[ "$(json 'p.context.page' <<<"$out")" = "/tickets/9" ] || fail "page not stripped"
[ "$(json 'p.submitted' <<<"$out")" = "2025-11-23T05:00:00Z" ] || fail "time not coarsened"
[ "$(json 'p.context.segment.email' <<<"$out")" = "undefined" ] || fail "a field the policy does not allow leaked"
[[ "$(json 'p.id' <<<"$out")" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] || fail "bad uuid"
grep -q "u-1\|13812345678\|token" <<<"$out" && fail "raw identifiers leaked: $out"

# Without --seed the id is fresh each time.
a=$("$T" preview --survey "$S/nps-support.json" --answers "$tmp/answers.json" | json 'p.id')
b=$("$T" preview --survey "$S/nps-support.json" --answers "$tmp/answers.json" | json 'p.id')
[ "$a" != "$b" ] || fail "ids repeat without --seed"

# CloudEvents and locale.
ce=$("$T" preview --survey "$S/csat-delivery.json" --answers <(printf '{"csat":5,"comment":"很好"}') --locale zh-Hant-TW --cloudevents --seed 1)
[ "$(json 'p.specversion + " " + p.type + " " + p.source' <<<"$ce")" = "1.0 dev.touchpoint.response.v1 touchpoint/csat-delivery" ] || fail "bad CloudEvent: $ce"
[ "$(json 'p.data.locale' <<<"$ce")" = "zh-TW" ] || fail "locale not negotiated: $ce"
[ "$(json 'p.id === p.data.id' <<<"$ce")" = "true" ] || fail "CloudEvent id differs from the payload id"

# Banded custom score.
out=$("$T" preview --survey "$S/cx-maturity.json" --seed 2 --answers <(printf '{"listening":"journey","acting":"hours","ownership":{"ceo":"fully","cfo":"fully","cto":"partly"},"metrics":["nps","csat"],"share":true}'))
[ "$(json 'p.scores.custom.maturity.band' <<<"$out")" = "leader" ] || fail "no leader band: $out"

# Answers the session refuses: exit 1, message names the question.
out=$("$T" preview --survey "$S/nps-support.json" --answers <(printf '{"resolved":"no"}') 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "missing required answer exited $rc"
grep -q "/nps: Please answer this question\|/nps: 请回答此问题" <<<"$out" || fail "unclear: $out"
out=$("$T" preview --survey "$S/nps-support.json" --answers <(printf '{"nps":3,"ghost":1}') 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "unknown question exited $rc"
grep -q 'unknown question "ghost"' <<<"$out" || fail "unclear: $out"

# Bad files: invalid JSON, wrong types, deep nesting, garbage, missing.
printf '[1' >"$tmp/broken.json"
python3 -c 'print("{\"a\":" * 100000)' >"$tmp/deep.json"
head -c 2048 /dev/urandom >"$tmp/garbage.bin"
for f in broken.json deep.json garbage.bin; do
  out=$("$T" preview --survey "$S/nps-support.json" --answers "$tmp/$f" 2>&1); rc=$?
  [ "$rc" -eq 2 ] || fail "answers $f exited $rc, expected 2: $out"
  out=$("$T" preview --survey "$tmp/$f" --answers "$tmp/answers.json" 2>&1); rc=$?
  [ "$rc" -eq 1 ] || fail "survey $f exited $rc, expected 1: $out"
  grep -q "^$tmp/$f: /" <<<"$out" || fail "survey $f: no FILE: POINTER: message: $out"
done
out=$("$T" preview --survey "$tmp/none.json" --answers "$tmp/answers.json" 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "missing survey exited $rc"
grep -q "cannot read survey" <<<"$out" || fail "unclear: $out"
"$T" preview --survey "$S/nps-support.json" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--answers is required"
echo ok
