#!/usr/bin/env bash
# The derived flags a payload carries (CSAT top-2-box, CES "easy") must be the ones the aggregator
# counts: for every value on every scale a csat/ces question allows, `touchpoint preview` builds the
# payload and `touchpoint score` aggregates it alone; its top-2/easy share must be 100 exactly when
# the payload's flag is true. Two code paths of the core, one rule (a rule written twice drifts: CES
# 7 on a 1-10 scale was "easy" in the payload and not in the aggregate, and the collector refused it).
set -u
fail() { echo "FAIL: $*"; exit 1; }
T="$TOUCHPOINT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Each value's payload and aggregate are kept; one node process then compares them all (a node
# start per value cost more than the two commands under test, the more so under ASan).
n=0
for type in csat ces; do
    for scale in 3 4 5 6 7 8 9 10; do
        printf '{"touchpoint":"survey/1","id":"s","version":"1","locales":["en"],"questions":[{"id":"q","type":"%s","title":"Q","scale":%d}]}' \
            $type $scale >"$tmp/survey.json"
        for v in $(seq 1 $scale); do
            n=$((n + 1))
            printf '{"q":%d}' "$v" >"$tmp/answers.json"
            "$T" preview --survey "$tmp/survey.json" --answers "$tmp/answers.json" --seed 1 >"$tmp/p$n.ndjson" ||
                fail "preview $type $v on 1-$scale"
            "$T" score "$tmp/p$n.ndjson" >"$tmp/score$n.json" || fail "score $type $v on 1-$scale: $(cat "$tmp/score$n.json")"
            echo "$n $type $v $scale" >>"$tmp/cases.txt"
        done
    done
done
node - "$tmp" <<'JS' || fail "payload flags and aggregate shares disagree"
const fs = require('fs');
const dir = process.argv[2];
let checked = 0, bad = 0;
for (const line of fs.readFileSync(`${dir}/cases.txt`, 'utf8').trim().split('\n')) {
  const [n, type, v, scale] = line.split(' ');
  const [flag, share] = type === 'csat' ? ['top2', 'value'] : ['easy', 'easy'];
  const p = JSON.parse(fs.readFileSync(`${dir}/p${n}.ndjson`, 'utf8'));
  const g = JSON.parse(fs.readFileSync(`${dir}/score${n}.json`, 'utf8')).groups[0];
  const got = `${p.scores[type][flag]} ${g[type][share]}`;
  if (got !== 'true 100' && got !== 'false 0') {
    console.log(`FAIL: ${type} ${v} on 1-${scale}: payload ${flag} and aggregate ${share} disagree (${got})`);
    bad++;
  }
  checked++;
}
if (bad) process.exit(1);
console.log(`derived flags agree with the aggregator for ${checked} values`);
JS
