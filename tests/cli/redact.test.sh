#!/usr/bin/env bash
# `touchpoint redact`: stdin lines -> redacted lines; --stats counts on stderr; binary garbage,
# huge lines and a missing final newline survive.
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$(printf '我的手机是13812345678请回电\nmail a.b@example.com, card 4111 1111 1111 1111\n订单号 20231105123456 on 2026-11-23\nsee https://x.cn/r?token=abc' | "$TOUCHPOINT" redact --stats 2>"$tmp/err") || fail "exit $?"
expected=$'我的手机是[phone]请回电\nmail [email], card [card]\n订单号 20231105123456 on 2026-11-23\nsee [secret-url]'
[ "$out" = "$expected" ] || fail "unexpected output: $out"
grep -q 'lines=4 redactions=4 email=1 phone=1 id-number=0 card=1' "$tmp/err" || fail "stats: $(cat "$tmp/err")"
# Binary garbage passes through without a crash, byte for byte where nothing is redacted.
head -c 200000 /dev/urandom > "$tmp/bin"
"$TOUCHPOINT" redact < "$tmp/bin" > "$tmp/bin.out" || fail "garbage: exit $?"
[ -s "$tmp/bin.out" ] || fail "garbage: no output"
# A 20 MB line of near-matches finishes quickly (linear time).
python3 -c "import sys; sys.stdout.write('1.2-3 a@ +1 ' * 1700000 + '\n')" > "$tmp/huge"
timeout 20 "$TOUCHPOINT" redact < "$tmp/huge" > "$tmp/huge.out" || fail "huge line: exit $? (timeout?)"
[ "$(wc -l < "$tmp/huge.out")" -eq 1 ] || fail "huge line: line count"
# Bad flags: usage error.
"$TOUCHPOINT" redact --frobnicate </dev/null 2>/dev/null; [ $? -eq 2 ] || fail "bad flag not exit 2"
echo ok
