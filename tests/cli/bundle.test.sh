#!/usr/bin/env bash
# `touchpoint bundle`: one HTML file with everything inlined (checked here with stand-in viewer
# assets; tests/browser/journey.test.mjs opens a real bundle from file://), script-safe
# embedding of texts such as "</script>", and bad maps/responses/dist answered with exit codes.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ex="$TP_SOURCE_DIR/examples"
mkdir -p "$tmp/dist"
printf 'export default async function createViewer(){ return {}; } // VIEWER-GLUE' > "$tmp/dist/touchpoint-viewer.js"
printf '\0asm\1\0\0\0WASM-BYTES' > "$tmp/dist/touchpoint-viewer.wasm"
printf 'customElements.define("touchpoint-journey", class extends HTMLElement {}); // ELEMENT' > "$tmp/dist/touchpoint-journey.js"
for v in aggregate aggregate-simd; do  # the aggregation workers' module, both builds
    printf 'var createAggregate = async () => ({}); // %s-GLUE' "$v" > "$tmp/dist/touchpoint-$v.js"
    printf '\0asm\1\0\0\0%s-BYTES' "$v" > "$tmp/dist/touchpoint-$v.wasm"
done

"$TOUCHPOINT" generate --survey "$ex/surveys/b2b-role.json" --journey "$ex/journeys/b2b-purchase.json" \
    --count 200 --seed 5 > "$tmp/r.ndjson" || fail "generate exited $?"
"$TOUCHPOINT" bundle "$ex/journeys/b2b-purchase.json" "$tmp/r.ndjson" -o "$tmp/demo.html" --dist "$tmp/dist" \
    2>"$tmp/log" || fail "bundle exited $?: $(cat "$tmp/log")"
grep -q '200 responses' "$tmp/log" || fail "no summary: $(cat "$tmp/log")"
html="$tmp/demo.html"
head -1 "$html" | grep -qx '<!doctype html>' || fail "not an HTML document"
grep -q '<html lang="zh-CN">' "$html" || fail "the page language is not the map's default locale"
grep -q '<title>B2B 采购旅程</title>' "$html" || fail "title missing"
grep -q "connect-src\|default-src 'none'" "$html" || fail "no CSP forbidding network access"
# Every asset inlined, byte for byte, as base64.
for f in touchpoint-viewer.js touchpoint-viewer.wasm touchpoint-journey.js touchpoint-aggregate.js touchpoint-aggregate.wasm \
    touchpoint-aggregate-simd.js touchpoint-aggregate-simd.wasm; do
    grep -qF "$(base64 -w0 "$tmp/dist/$f")" "$html" || fail "$f is not inlined"
done
grep -q 'wasmBinary' "$html" || fail "the wasm is not handed to the module as wasmBinary"
# The map and every response line are inlined; nothing refers to another file or URL.
python3 - "$html" "$tmp/r.ndjson" <<'PY' || fail "inlined data differs"
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="tp-map">(.*?)</script>', html, re.S)
assert m and json.loads(m.group(1))["id"] == "b2b-purchase"
r = re.search(r'<script type="application/x-ndjson" id="tp-responses">(.*?)</script>', html, re.S)
lines = [json.loads(l) for l in r.group(1).split("\n") if l.strip()]
src = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
assert lines == src, "responses differ"
assert not re.search(r'(src|href)="(https?:|//|\.\.?/)', html), "refers to an external file"
PY

# A text containing "</script>" cannot end the inline element early.
python3 - "$ex/journeys/saas-support.json" "$tmp/evil.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["meta"]["title"] = "</script><script>alert(1)</script> <!-- x"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$TOUCHPOINT" bundle "$tmp/evil.json" -o "$tmp/evil.html" --dist "$tmp/dist" 2>/dev/null || fail "bundle of the evil title"
[ "$(grep -c '</script><script>alert' "$tmp/evil.html")" -eq 0 ] || fail "</script> in a title was not escaped"
grep -q '<title>&lt;/script&gt;' "$tmp/evil.html" || fail "the title is not HTML-escaped"
python3 - "$tmp/evil.html" <<'PY' || fail "escaped map does not decode to the original title"
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="tp-map">(.*?)</script>', html, re.S)
assert json.loads(m.group(1))["meta"]["title"].startswith("</script><script>")
PY
# Presentation options reach the element.
"$TOUCHPOINT" bundle "$ex/journeys/b2b-purchase.json" "$tmp/r.ndjson" -o "$tmp/x.html" --dist "$tmp/dist" --theme dark --table below \
    2>/dev/null || fail "options"
grep -q 'theme="dark" table="below"' "$tmp/x.html" || fail "--theme/--table not applied"

# Bad input: exit codes and messages.
printf '{"touchpoint":"journey/1","id":"x","meta":{"title":"X"},"stages":[]}' > "$tmp/bad.json"
err=$("$TOUCHPOINT" bundle "$tmp/bad.json" -o "$tmp/bad.html" --dist "$tmp/dist" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "invalid map exited $rc"
grep -q '/stages: a journey needs at least one stage' <<<"$err" || fail "no pointer: $err"
[ ! -e "$tmp/bad.html" ] || fail "an invalid map still produced a file"
{ head -3 "$tmp/r.ndjson"; echo '{"touchpoint":"response/1", broken'; } > "$tmp/bad.ndjson"
err=$("$TOUCHPOINT" bundle "$ex/journeys/b2b-purchase.json" "$tmp/bad.ndjson" -o "$tmp/bad2.html" --dist "$tmp/dist" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "bad responses exited $rc"
grep -q 'line 4' <<<"$err" || fail "bad line not named: $err"
err=$("$TOUCHPOINT" bundle "$ex/journeys/b2b-purchase.json" -o "$tmp/y.html" --dist "$tmp/nowhere" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "missing dist exited $rc"
grep -q 'viewer is not built' <<<"$err" || fail "unclear message: $err"
"$TOUCHPOINT" bundle "$tmp/missing.json" -o "$tmp/z.html" --dist "$tmp/dist" 2>/dev/null; [ $? -eq 2 ] || fail "missing map"
"$TOUCHPOINT" bundle "$ex/journeys/b2b-purchase.json" 2>/dev/null; [ $? -eq 2 ] || fail "missing -o"
echo "ok"
