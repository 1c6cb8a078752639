#!/usr/bin/env bash
# `touchpoint score` on several threads: an NDJSON file split at line ends, each part aggregated
# alone and merged, prints exactly what one pass prints — the groups, and on stderr the same bad
# lines with the same line numbers (some placed near the split points), the same counts, the same
# exit status. A file is read in place (mapped); stdin and CSV are streamed, one pass: the stream
# must print what the mapped file prints too.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S="$TP_SOURCE_DIR/examples/surveys/nps-support.json"
M="$TP_SOURCE_DIR/examples/journeys/saas-support.json"
# About 20 MB: 4 MiB per thread or more, so up to 4 threads are used.
"$TOUCHPOINT" generate --survey "$S" --journey "$M" --count 30000 --seed 11 --days 90 > "$tmp/good.ndjson" || fail "generate exit $?"
lines=$(wc -l < "$tmp/good.ndjson")
# Bad lines spread through the file (at each quarter and at the ends), and where the threads'
# pieces meet: cmd_score.cpp cuts a piece just after the first line end at least 8 MiB past the
# piece's start, so bad lines go just before such a cut and just after it.
LC_ALL=C awk -v n="$lines" -v piece=$((8 << 20)) -v middle="$tmp/middle" '
    function out(line) {
        print line; bytes += length(line) + 1; written++
        if (bytes >= cut) { cut = bytes + piece; cuts++; just_cut = 1; near = 0 }
    }
    BEGIN { cut = piece }
    {
        just_cut = 0; out($0)
        bad = NR==1 || NR==int(n/4) || NR==int(n/2) || NR==int(3*n/4) || NR==n-1 || just_cut
        if (!near && bytes >= cut - 1024) { bad = 1; near = 1 }
        if (NR == int(n/2)) print written + 1 > middle
        if (bad) { out("{not json " NR); out("{\"touchpoint\":\"response/1\",\"id\":1}") }
    }
    END { if (cuts < 2) { print "expected 2 cuts between pieces, saw " cuts > "/dev/stderr"; exit 1 } }' \
    "$tmp/good.ndjson" > "$tmp/r.ndjson" || fail "placing the bad lines"
for by in "--by touchpoint" "--grouping touchpoint --grouping stage,month --grouping answer.resolved"; do
    # shellcheck disable=SC2086
    "$TOUCHPOINT" score $by --threads 1 "$tmp/r.ndjson" > "$tmp/one.json" 2> "$tmp/one.err"; one=$?
    for t in 2 3 4; do
        # shellcheck disable=SC2086
        "$TOUCHPOINT" score $by --threads $t "$tmp/r.ndjson" > "$tmp/many.json" 2> "$tmp/many.err"; many=$?
        [ "$one" = 1 ] && [ "$many" = 1 ] || fail "$by: exit $one (1 thread) and $many ($t threads), expected 1 for bad lines"
        cmp -s "$tmp/one.json" "$tmp/many.json" || fail "$by: $t threads print other groups than one pass"
        cmp -s "$tmp/one.err" "$tmp/many.err" || { diff "$tmp/one.err" "$tmp/many.err" | head; fail "$by: $t threads report other bad lines"; }
    done
    # shellcheck disable=SC2086
    "$TOUCHPOINT" score $by - < "$tmp/r.ndjson" > "$tmp/stream.json" 2> "$tmp/stream.err"; stream=$?
    [ "$stream" = 1 ] || fail "$by: exit $stream from stdin, expected 1 for bad lines"
    cmp -s "$tmp/one.json" "$tmp/stream.json" || fail "$by: stdin prints other groups than the file"
    sed "s|<stdin>|$tmp/r.ndjson|" "$tmp/stream.err" | cmp -s "$tmp/one.err" - || fail "$by: stdin reports other bad lines than the file"
done
# The middle "{not json" line is reported at the line awk wrote it to.
grep -q "r.ndjson:$(cat "$tmp/middle"): not valid JSON" "$tmp/one.err" || { cat "$tmp/one.err"; fail "the middle bad line is not reported at its line"; }
grep -c '"key"' "$tmp/one.json" > /dev/null || fail "groups printed"
# The last line without its '\n' still counts, mapped as streamed; an empty file has no groups.
head -c -1 "$tmp/good.ndjson" > "$tmp/unended.ndjson"
"$TOUCHPOINT" score --threads 3 "$tmp/unended.ndjson" > "$tmp/unended.json" || fail "a file without a final newline: exit $?"
"$TOUCHPOINT" score "$tmp/good.ndjson" > "$tmp/good.json" || fail "the good file: exit $?"
cmp -s "$tmp/good.json" "$tmp/unended.json" || fail "a file without a final newline aggregates other groups"
: > "$tmp/empty.ndjson"
"$TOUCHPOINT" score "$tmp/empty.ndjson" > "$tmp/empty.json" || fail "an empty file: exit $?"
grep -q '"groups":\[\]' "$tmp/empty.json" || fail "an empty file prints groups: $(cat "$tmp/empty.json")"
# A bad thread count is a usage error.
"$TOUCHPOINT" score --threads 0 "$tmp/r.ndjson" > /dev/null 2>&1; [ $? = 2 ] || fail "--threads 0 must exit 2"
echo ok
