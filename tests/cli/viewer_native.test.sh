#!/usr/bin/env bash
# touchpoint-viewer, the native journey viewer (viewer/backends/native/): headless screenshots under Xvfb with
# Mesa's software OpenGL. The PNG has the requested size and is not blank; Chinese titles are
# inked by the bundled-font path (the zh-CN and en renders differ in the title areas; a map whose
# titles are all Chinese inks them with the CJK font and not with a Latin-only one); the table's
# numbers equal `touchpoint score`; bad maps, responses and fonts give a clear message and exit ≠ 0.
set -u
fail() { echo "FAIL: $*"; exit 1; }
viewer="$(dirname "$TOUCHPOINT")/touchpoint-viewer"
[ -x "$viewer" ] || fail "no native viewer next to the CLI: $viewer"
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (tools/setup.sh installs xvfb)"
# One X server (Xvfb, a 24-bit screen: xvfb-run's default 8-bit one has no visual for an OpenGL 3.3
# context) for the whole test: the script runs itself again under xvfb-run.
if [ -z "${TP_VIEWER_TEST_XVFB:-}" ]; then
    TP_VIEWER_TEST_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x1024x24" bash "$0" "$@"
fi
command -v node >/dev/null || fail "node is missing (tools/setup.sh installs it)"
cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
latin=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$cjk" ] || fail "$cjk is missing (tools/setup.sh installs fonts-noto-cjk)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ex="$TP_SOURCE_DIR/examples"
# In the ASan build, Mesa's own allocations (llvmpipe, GLX) are reported as leaks at exit; they are
# not the viewer's, so LeakSanitizer is off for this process only. ASan and UBSan still check.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
run() { "$viewer" "$@"; }

"$TOUCHPOINT" generate --survey "$ex/surveys/b2b-role.json" --journey "$ex/journeys/b2b-purchase.json" \
    --count 600 --seed 3 --start 2026-06-01T00:00:00Z --days 120 > "$tmp/r.ndjson" || fail "generate exited $?"

# PNG statistics in node (zlib + the five PNG row filters): size, colour count, and per region
# the number of ink pixels and a hash, so two renders can be compared where the text is.
cat > "$tmp/png.mjs" <<'JS'
import fs from 'node:fs';
import zlib from 'node:zlib';
export function decode(file) {
  const d = fs.readFileSync(file);
  if (d.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') throw new Error(`${file}: not a PNG`);
  let w = 0, h = 0, type = 0; const idat = [];
  for (let p = 8; p < d.length;) {
    const n = d.readUInt32BE(p), t = d.toString('latin1', p + 4, p + 8), c = d.subarray(p + 8, p + 8 + n);
    if (t === 'IHDR') { w = c.readUInt32BE(0); h = c.readUInt32BE(4); type = c[9]; }
    if (t === 'IDAT') idat.push(c);
    p += 12 + n;
  }
  if (type !== 6) throw new Error(`${file}: expected RGBA`);
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = w * 4, px = Buffer.alloc(stride * h);
  for (let y = 0, i = 0; y < h; y++) {
    const f = raw[i++], row = y * stride;
    for (let x = 0; x < stride; x++, i++) {
      const a = x >= 4 ? px[row + x - 4] : 0, b = y ? px[row - stride + x] : 0, c = x >= 4 && y ? px[row - stride + x - 4] : 0;
      const pr = f === 4 ? ((pa, pb, pc) => (pa <= pb && pa <= pc ? a : pb <= pc ? b : c))(Math.abs(b - c), Math.abs(a - c), Math.abs(a + b - 2 * c)) : 0;
      px[row + x] = raw[i] + [0, a, b, (a + b) >> 1, pr][f];
    }
  }
  return { w, h, px };
}
export function region({ w, px }, [x0, y0, rw, rh], bg) {
  let ink = 0, hash = 7;
  for (let y = Math.round(y0); y < Math.round(y0 + rh); y++)
    for (let x = Math.round(x0); x < Math.round(x0 + rw); x++) {
      const i = (y * w + x) * 4, dist = Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]);
      if (dist > 120) ink++;
      hash = (hash * 31 + px[i] * 3 + px[i + 1] * 5 + px[i + 2] * 7) >>> 0;
    }
  return { ink, hash };
}
export function colours({ px }) {
  const s = new Set();
  for (let i = 0; i < px.length; i += 4 * 31) s.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  return s.size;
}
JS

# 1. The b2b-purchase map with responses, in its own language (zh-CN) and in English.
run "$ex/journeys/b2b-purchase.json" "$tmp/r.ndjson" --screenshot "$tmp/zh.png" --report "$tmp/zh.json" \
    --size 1400x800 --frames 4 2>"$tmp/log" || fail "zh render exited $?: $(cat "$tmp/log")"
run "$ex/journeys/b2b-purchase.json" "$tmp/r.ndjson" --locale en --screenshot "$tmp/en.png" --report "$tmp/en.json" \
    --size 1400x800 --frames 4 2>"$tmp/log" || fail "en render exited $?: $(cat "$tmp/log")"
"$TOUCHPOINT" score "$tmp/r.ndjson" --by touchpoint > "$tmp/score.json" || fail "score exited $?"
node --input-type=module - "$tmp" <<'JS' || fail "b2b-purchase renders"
import fs from 'node:fs';
import assert from 'node:assert/strict';
const dir = process.argv[2];
const { decode, region, colours } = await import(`${dir}/png.mjs`);
const zh = decode(`${dir}/zh.png`), en = decode(`${dir}/en.png`);
const rzh = JSON.parse(fs.readFileSync(`${dir}/zh.json`)), ren = JSON.parse(fs.readFileSync(`${dir}/en.json`));
assert.deepEqual([zh.w, zh.h], [1400, 800], 'the PNG has the --size');
assert.ok(colours(zh) > 20, `not blank: ${colours(zh)} colours`);
assert.equal(rzh.table.locale, 'zh-CN');
assert.equal(ren.table.locale, 'en');
// The numbers drawn are the core aggregator's, the same as `touchpoint score`.
const score = JSON.parse(fs.readFileSync(`${dir}/score.json`));
const tps = rzh.table.stages.flatMap((s) => s.touchpoints);
let compared = 0;
for (const g of score.groups) {
  const tp = tps.find((t) => t.id === g.key.touchpoint);
  if (!tp) continue;
  assert.equal(tp.scores.n, g.n, `${tp.id}: n`);
  if (g.nps) assert.equal(tp.scores.nps.value, g.nps.value, `${tp.id}: nps`);
  compared++;
}
assert.ok(compared >= 10, `compared ${compared} touchpoints`);
// Card titles: inked (white cards, dark text), and different between Chinese and English.
const white = [255, 255, 255];
let differ = 0;
for (const tp of tps.slice(0, 6)) {
  const [x, y, w] = rzh.cards[tp.id], zoom = rzh.state.zoom;
  const title = [x + 8 * zoom, y + 8 * zoom, w - 16 * zoom, 36 * zoom];
  const a = region(zh, title, white), b = region(en, title, white);
  assert.ok(a.ink > 20, `${tp.id}: title has ${a.ink} ink pixels in zh-CN`);
  assert.ok(/[\u4e00-\u9fff]/.test(tp.title), `${tp.id}: the title is Chinese`);
  if (a.hash !== b.hash) differ++;
}
assert.ok(differ >= 5, `only ${differ} of 6 titles differ between zh-CN and en`);
// The heat strip of a card with data has the colour of its table row.
const withHeat = tps.find((t) => t.scores.heat);
const [x, y, w, h] = rzh.cards[withHeat.id], zoom = rzh.state.zoom;
const i = (Math.round(y + h - 3 * zoom) * zh.w + Math.round(x + w - 10 * zoom)) * 4;
const want = [1, 3, 5].map((k) => parseInt(withHeat.scores.heat.slice(k, k + 2), 16));
assert.ok(want.every((v, k) => Math.abs(v - zh.px[i + k]) <= 40), `${withHeat.id}: heat ${withHeat.scores.heat} vs pixel ${[...zh.px.subarray(i, i + 3)]}`);
JS

# 2. A map whose titles are all Chinese: the CJK font inks them; a Latin-only font cannot.
cat > "$tmp/cjk.json" <<'EOF'
{"touchpoint":"journey/1","id":"cjk","meta":{"title":"全中文旅程","locales":["zh-CN"]},
 "stages":[{"id":"a","title":"了解产品"},{"id":"b","title":"购买决策"}],
 "touchpoints":[{"id":"t1","stage":"a","title":"行业展会交流"},{"id":"t2","stage":"a","title":"官网白皮书"},
                {"id":"t3","stage":"b","title":"商务谈判会议"},{"id":"t4","stage":"b","title":"合同签署盖章"}]}
EOF
run "$tmp/cjk.json" --screenshot "$tmp/cjk.png" --report "$tmp/cjk-report.json" --size 900x600 2>"$tmp/log" \
    || fail "all-CJK render exited $?: $(cat "$tmp/log")"
if [ -f "$latin" ]; then
    run "$tmp/cjk.json" --font "$latin" --screenshot "$tmp/latin.png" --size 900x600 2>"$tmp/log" \
        || fail "Latin-font render exited $?: $(cat "$tmp/log")"
fi
node --input-type=module - "$tmp" "$([ -f "$latin" ] && echo 1)" <<'JS' || fail "all-CJK map"
import fs from 'node:fs';
import assert from 'node:assert/strict';
const [dir, haveLatin] = process.argv.slice(2);
const { decode, region } = await import(`${dir}/png.mjs`);
const r = JSON.parse(fs.readFileSync(`${dir}/cjk-report.json`));
const cjk = decode(`${dir}/cjk.png`), latin = haveLatin ? decode(`${dir}/latin.png`) : null;
for (const id of ['t1', 't2', 't3', 't4']) {
  const [x, y, w] = r.cards[id], zoom = r.state.zoom;
  const title = [x + 8 * zoom, y + 8 * zoom, w - 16 * zoom, 20 * zoom];
  const a = region(cjk, title, [255, 255, 255]);
  assert.ok(a.ink > 40, `${id}: ${a.ink} ink pixels: Chinese glyphs drawn`);
  if (latin) assert.notEqual(region(latin, title, [255, 255, 255]).hash, a.hash, `${id}: same pixels without a CJK font`);
}
JS

# 3. Settings as the element's set(): dark theme, presentation mode on the third stage.
run "$ex/journeys/b2b-purchase.json" "$tmp/r.ndjson" --set theme=dark --set present=on --set present=next \
    --set present=next --screenshot "$tmp/dark.png" --report "$tmp/dark.json" --size 1000x700 2>"$tmp/log" \
    || fail "dark/present render exited $?: $(cat "$tmp/log")"
node --input-type=module - "$tmp" <<'JS' || fail "dark theme and presentation mode"
import fs from 'node:fs';
import assert from 'node:assert/strict';
const dir = process.argv[2];
const { decode } = await import(`${dir}/png.mjs`);
const r = JSON.parse(fs.readFileSync(`${dir}/dark.json`)), img = decode(`${dir}/dark.png`);
assert.equal(r.state.presenting, true);
assert.equal(r.state.stage, 2);
const i = (690 * img.w + 5) * 4;
assert.ok([0, 1, 2].every((k) => img.px[i + k] < 80), `dark background ${[...img.px.subarray(i, i + 3)]}`);
JS
run "$ex/journeys/b2b-purchase.json" --set metric=bogus --screenshot "$tmp/x.png" 2>"$tmp/log"
[ $? -ne 0 ] || fail "a bad --set was accepted"
grep -q 'metric must be' "$tmp/log" || fail "bad --set message: $(cat "$tmp/log")"
# Open alerts (the collector's GET /v1/alerts/open answer, as the element hands it on): the count
# in words in the table, an amber badge astride the card's top edge; a malformed answer is refused.
run "$ex/journeys/b2b-purchase.json" --set 'alerts={"open":2,"touchpoints":{"demo-call":2}}' --screenshot "$tmp/alerts.png" \
    --report "$tmp/alerts.json" --size 1400x800 2>"$tmp/log" || fail "alerts render exited $?: $(cat "$tmp/log")"
node --input-type=module - "$tmp" <<'JS' || fail "open alerts"
import fs from 'node:fs';
import assert from 'node:assert/strict';
const dir = process.argv[2];
const { decode } = await import(`${dir}/png.mjs`);
const r = JSON.parse(fs.readFileSync(`${dir}/alerts.json`)), img = decode(`${dir}/alerts.png`);
const tps = Object.fromEntries(r.table.stages.flatMap((s) => s.touchpoints).map((t) => [t.id, t]));
assert.equal(r.table.alerts, 2);
assert.deepEqual([tps['demo-call'].alerts, tps['demo-call'].alerts_text], [2, '2 条未处理警报']);
assert.equal(tps['pricing-page'].alerts, 0);
const amber = (id) => {
  const [x, y, w] = r.cards[id], z = r.state.zoom;
  let n = 0;
  for (let py = Math.floor(y - 8 * z); py <= Math.ceil(y + 8 * z); py++)
    for (let px = Math.floor(x + w - 80 * z); px <= Math.ceil(x + w - 28 * z); px++) {
      const i = (py * img.w + px) * 4, [R, G, B] = img.px.subarray(i, i + 3);
      if (R > 150 && R - B > 110 && G > B + 30 && G < R - 30) n++;
    }
  return n;
};
assert.ok(amber('demo-call') > 3, `a badge on demo-call (${amber('demo-call')} amber pixels)`);
assert.equal(amber('pricing-page'), 0, 'no badge without open alerts');
JS
# Fitted into a small window (the map's overview), the badge keeps a readable size: its amber
# column is at least 12 px high where a badge scaled with the card would be about 6.
run "$ex/journeys/b2b-purchase.json" --set 'alerts={"open":2,"touchpoints":{"demo-call":2}}' --screenshot "$tmp/small.png" \
    --report "$tmp/small.json" --size 700x420 2>"$tmp/log" || fail "small alerts render exited $?: $(cat "$tmp/log")"
node --input-type=module - "$tmp" <<'JS' || fail "open alerts badge at the overview's zoom"
import fs from 'node:fs';
import assert from 'node:assert/strict';
const dir = process.argv[2];
const { decode } = await import(`${dir}/png.mjs`);
const r = JSON.parse(fs.readFileSync(`${dir}/small.json`)), img = decode(`${dir}/small.png`);
const [x, y, w] = r.cards['demo-call'], z = r.state.zoom;
assert.ok(16 * z < 9, `the overview's zoom is small (${z})`);
const amber = (px, py) => {
  const i = (py * img.w + px) * 4, [R, G, B] = img.px.subarray(i, i + 3);
  return R > 150 && R - B > 110 && G > B + 30 && G < R - 30;
};
let tallest = 0;
for (let px = Math.floor(x + w - 28 * z - 8); px <= Math.ceil(x + w - 28 * z); px++) {
  let run = 0;
  for (let py = Math.floor(y - 20); py <= Math.ceil(y + 20); py++) if (amber(px, py)) tallest = Math.max(tallest, ++run); else run = 0;
}
assert.ok(tallest >= 12, `badge ${tallest} px high at zoom ${z}`);
JS
run "$ex/journeys/b2b-purchase.json" --set 'alerts={"touchpoints":{"demo-call":"2"}}' --screenshot "$tmp/x.png" 2>"$tmp/log"
[ $? -ne 0 ] || fail "a malformed alerts answer was accepted"
grep -q 'alerts/touchpoints/demo-call: expected a whole number' "$tmp/log" || fail "bad alerts message: $(cat "$tmp/log")"
# Edit mode natively (the same core as the element's): on, with the edit bar drawn and each stage's
# header reported; a bad value is refused.
run "$ex/journeys/b2b-purchase.json" --set edit=on --screenshot "$tmp/edit.png" --report "$tmp/edit.json" 2>"$tmp/log" ||
    fail "edit=on exited $?: $(cat "$tmp/log")"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const map = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
if (r.state.editing !== true) throw new Error("not editing");
if (!r.state.controls.undo || !r.state.controls.add_stage) throw new Error("no edit bar: " + Object.keys(r.state.controls));
if (r.state.stage_headers.length !== map.stages.length) throw new Error("stage headers " + r.state.stage_headers.length);
' "$tmp/edit.json" "$ex/journeys/b2b-purchase.json" || fail "edit mode report"
run "$ex/journeys/b2b-purchase.json" --set edit=maybe --screenshot "$tmp/x.png" 2>"$tmp/log"
[ $? -ne 0 ] || fail "edit=maybe was accepted"
grep -q 'edit is on or off' "$tmp/log" || fail "bad edit message: $(cat "$tmp/log")"

# 4. Bad input: the core's pointer message and a non-zero exit, never a crash.
printf '{"touchpoint":"journey/1","id":"x","meta":{"title":"X"},"stages":[{"id":"a","title":"A"}],"touchpoints":[{"id":"t","stage":"b","title":"T"}]}' > "$tmp/bad.json"
run "$tmp/bad.json" --screenshot "$tmp/bad.png" 2>"$tmp/log"
code=$?
[ $code -ne 0 ] && [ $code -lt 128 ] || fail "bad map exited $code"
grep -q "bad.json: /touchpoints/0/stage: " "$tmp/log" || fail "no pointer message: $(cat "$tmp/log")"
[ ! -e "$tmp/bad.png" ] || fail "a screenshot was written for a bad map"
printf '{"touchpoint":"journey/1", "id": ' > "$tmp/truncated.json"
run "$tmp/truncated.json" --screenshot "$tmp/bad.png" 2>"$tmp/log"
code=$?
[ $code -ne 0 ] && [ $code -lt 128 ] || fail "truncated map exited $code"
grep -q "truncated.json: " "$tmp/log" || fail "no message for a truncated map: $(cat "$tmp/log")"
printf 'not json\n{"also": "not a response"}\n' > "$tmp/bad.ndjson"
run "$ex/journeys/b2b-purchase.json" "$tmp/bad.ndjson" --screenshot "$tmp/bad.png" 2>"$tmp/log"
code=$?
[ $code -ne 0 ] && [ $code -lt 128 ] || fail "bad responses exited $code"
grep -q "bad.ndjson: line 1" "$tmp/log" || fail "no line message for bad responses: $(cat "$tmp/log")"
printf 'a,b,c\n1,2,3\n' > "$tmp/bad.csv"
run "$ex/journeys/b2b-purchase.json" "$tmp/bad.csv" --screenshot "$tmp/bad.png" 2>"$tmp/log"
[ $? -ne 0 ] || fail "a CSV that is not the collector's export was accepted"
grep -q "bad.csv: .*header" "$tmp/log" || fail "bad CSV message: $(cat "$tmp/log")"
run "$ex/journeys/b2b-purchase.json" --font "$tmp/no-such-font.ttc" --screenshot "$tmp/bad.png" 2>"$tmp/log"
code=$?
[ $code -ne 0 ] && [ $code -lt 128 ] || fail "missing font exited $code"
grep -q "no-such-font.ttc: No such file" "$tmp/log" || fail "missing font message: $(cat "$tmp/log")"
run "$ex/journeys/b2b-purchase.json" --font "$tmp/bad.json" --screenshot "$tmp/bad.png" 2>"$tmp/log"
code=$?
[ $code -ne 0 ] && [ $code -lt 128 ] || fail "a non-font --font exited $code"
grep -q "not a font" "$tmp/log" || fail "non-font message: $(cat "$tmp/log")"
echo "ok"
