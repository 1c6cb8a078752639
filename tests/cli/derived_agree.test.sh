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
checked=0
for type in csat ces; do
    flag=$([ $type = csat ] && echo top2 || echo easy)
    share=$([ $type = csat ] && echo value || echo easy)
    for scale in 3 4 5 6 7 8 9 10; do
        printf '{"touchpoint":"survey/1","id":"s","version":"1","locales":["en"],"questions":[{"id":"q","type":"%s","title":"Q","scale":%d}]}' \
            $type $scale >"$tmp/survey.json"
        for v in $(seq 1 $scale); do
            printf '{"q":%d}' "$v" >"$tmp/answers.json"
            "$T" preview --survey "$tmp/survey.json" --answers "$tmp/answers.json" --seed 1 >"$tmp/p.ndjson" ||
                fail "preview $type $v on 1-$scale"
            "$T" score "$tmp/p.ndjson" >"$tmp/score.json" || fail "score $type $v on 1-$scale: $(cat "$tmp/score.json")"
            got=$(node -e "
                const fs = require('fs');
                const p = JSON.parse(fs.readFileSync('$tmp/p.ndjson', 'utf8'));
                const g = JSON.parse(fs.readFileSync('$tmp/score.json', 'utf8')).groups[0];
                console.log(p.scores.$type.$flag + ' ' + g.$type.$share);")
            case "$got" in
                "true 100" | "false 0") ;;
                *) fail "$type $v on 1-$scale: payload $flag and aggregate $share disagree ($got)" ;;
            esac
            checked=$((checked + 1))
        done
    done
done
echo "derived flags agree with the aggregator for $checked values"
