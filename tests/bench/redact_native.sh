#!/usr/bin/env bash
# `touchpoint redact` throughput on ~8 MB of mixed Chinese/English free text, about a third of
# the lines carrying PII (phones, e-mails, ID and card numbers, IPs, secret URLs) and look-alikes
# (order numbers, dates, prices, versions). Prints redact_native_mb_per_s= (best of 5 runs).
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_BENCH_TMP:?}"
data="$TP_BENCH_TMP/redact-mixed.txt"
if [ ! -s "$data" ]; then
    python3 - "$data" <<'PY'
import random, sys
r = random.Random(20261123)
zh = ["客服响应很快，问题当天就解决了", "订单号 20231105123456 的发票开错了", "价格 ¥1,299.00 比去年贵", "2026-11-23 下午三点送到",
      "版本 1.2.3.4 升级后很卡", "配送延迟了一周，没有人通知我", "演示讲得很清楚"]
en = ["Support answered quickly and fixed it", "order no. 4411 shipped late on 2026/11/23", "costs $12.50 per seat",
      "after upgrading to v1.2.3.4 it crashes", "great product, very professional team"]
def pii():
    k = r.randrange(7)
    if k == 0: return "我的手机是1%d%09d请回电" % (r.randrange(3, 10), r.randrange(10**9))
    if k == 1: return "mail me at user%d@example.com" % r.randrange(10**5)
    if k == 2: return "身份证11010519491231002X"
    if k == 3: return "card 4111 1111 1111 1111"
    if k == 4: return "from 192.168.%d.%d" % (r.randrange(256), r.randrange(256))
    if k == 5: return "https://example.com/reset?token=%x" % r.getrandbits(64)
    return "+86 138 %04d %04d" % (r.randrange(10**4), r.randrange(10**4))
out, size = [], 0
while size < 8_000_000:
    parts = [r.choice(zh if r.random() < 0.5 else en) for _ in range(r.randrange(1, 4))]
    if r.random() < 0.35: parts.insert(r.randrange(len(parts) + 1), pii())
    line = ("，" if r.random() < 0.5 else ", ").join(parts)
    out.append(line); size += len(line.encode()) + 1
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
fi
bytes=$(stat -c %s "$data")
best=""
for run in 1 2 3 4 5; do
    start=$(date +%s.%N)
    "$TOUCHPOINT" redact < "$data" > "$TP_BENCH_TMP/redact.out"
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
done
grep -q '\[phone\]' "$TP_BENCH_TMP/redact.out" || { echo "redact_native: nothing redacted" >&2; exit 1; }
echo "redact_native_mb_per_s=$(echo "$bytes / 1000000 / $best" | bc -l | xargs printf '%.1f')"
