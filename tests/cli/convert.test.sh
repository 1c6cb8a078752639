#!/usr/bin/env bash
# `touchpoint convert`: journey/1 <-> Mermaid <-> TheyDo round trips on the examples, and bad
# input answered with a message naming the place (JSON pointer or line) and exit 1.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ex="$TP_SOURCE_DIR/examples/journeys"

for name in b2b-purchase subscription saas-support; do
    # journey/1 -> journey/1 is canonical and stable.
    "$TOUCHPOINT" convert "$ex/$name.json" -o "$tmp/$name.json" || fail "$name: journey -> journey exited $?"
    "$TOUCHPOINT" convert "$tmp/$name.json" -o "$tmp/$name.2.json" || fail "$name: second pass"
    cmp -s "$tmp/$name.json" "$tmp/$name.2.json" || fail "$name: canonical JSON is not a fixed point"
    # TheyDo keeps ids, so journey -> TheyDo -> journey keeps every stage and touchpoint id.
    "$TOUCHPOINT" convert "$ex/$name.json" -o "$tmp/$name.theydo.json" || fail "$name: -> theydo"
    grep -q '"phases"' "$tmp/$name.theydo.json" || fail "$name: TheyDo output has no phases"
    "$TOUCHPOINT" convert "$tmp/$name.theydo.json" -o "$tmp/$name.back.json" || fail "$name: theydo -> journey"
    diff <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join([s["id"] for s in d["stages"]]+[t["id"]+"@"+t["stage"] for t in d["touchpoints"]]))' "$ex/$name.json") \
         <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join([s["id"] for s in d["stages"]]+[t["id"]+"@"+t["stage"] for t in d["touchpoints"]]))' "$tmp/$name.back.json") \
        || fail "$name: TheyDo round trip changed stages or touchpoints"
    # Mermaid: map -> text -> map -> text is a fixed point.
    "$TOUCHPOINT" convert "$ex/$name.json" -o "$tmp/$name.mmd" || fail "$name: -> mermaid"
    head -1 "$tmp/$name.mmd" | grep -qx journey || fail "$name: Mermaid output does not start with journey"
    "$TOUCHPOINT" convert "$tmp/$name.mmd" -o "$tmp/$name.from-mmd.json" || fail "$name: mermaid -> journey"
    "$TOUCHPOINT" convert "$tmp/$name.from-mmd.json" --to mermaid -o "$tmp/$name.2.mmd" || fail "$name: -> mermaid again"
    cmp -s "$tmp/$name.mmd" "$tmp/$name.2.mmd" || fail "$name: Mermaid round trip differs"
done
# Localized output and the stage titles in it.
"$TOUCHPOINT" convert "$ex/subscription.json" --to mermaid | grep -q '^    section 忠誠$' || fail "zh-TW stage title missing"
"$TOUCHPOINT" convert "$ex/subscription.json" --to mermaid --locale en | grep -q '^    section Loyalty$' || fail "--locale en ignored"
# stdin, with the format sniffed from the content.
printf 'journey\n  title Day\n  section Work\n    Make tea: 5: Me\n' | "$TOUCHPOINT" convert - --id day | grep -q '"id": "day"' \
    || fail "Mermaid from stdin"

# Bad input: exit 1 and the place of the problem.
printf '{"touchpoint":"journey/1","id":"x","meta":{"title":"X"},"stages":[{"id":"a","title":"A"}],"touchpoints":[{"id":"t","stage":"nope","title":"T"}]}' > "$tmp/bad.json"
err=$("$TOUCHPOINT" convert "$tmp/bad.json" --to mermaid 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "invalid map exited $rc, expected 1"
grep -q '/touchpoints/0/stage: unknown stage "nope"' <<<"$err" || fail "no pointer in: $err"
printf 'journey\n  section A\n  Tea: 7: Me\n' > "$tmp/bad.mmd"
err=$("$TOUCHPOINT" convert "$tmp/bad.mmd" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "invalid Mermaid exited $rc"
grep -q 'line 3: the score' <<<"$err" || fail "no line number in: $err"
printf '{"touchpoint":' > "$tmp/trunc.json"
"$TOUCHPOINT" convert "$tmp/trunc.json" 2>/dev/null; [ $? -eq 1 ] || fail "truncated JSON not rejected"
"$TOUCHPOINT" convert "$tmp/missing.json" 2>/dev/null; [ $? -eq 2 ] || fail "missing file should exit 2"
"$TOUCHPOINT" convert "$ex/b2b-purchase.json" --to yaml 2>/dev/null; [ $? -eq 2 ] || fail "unknown format should exit 2"
[ ! -e "$tmp/none.mmd" ] || fail "unexpected output"
"$TOUCHPOINT" convert "$tmp/bad.json" -o "$tmp/none.mmd" 2>/dev/null
[ ! -e "$tmp/none.mmd" ] || fail "a failed conversion left an output file"
echo "ok"
