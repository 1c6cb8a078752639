#!/usr/bin/env bash
# `touchpoint redact` on the labelled corpus tests/corpus/redact/corpus.tsv (lines built around
# other projects' public test data, see its README). A PII line counts as recalled when the output
# is the line with exactly that value replaced by its class's placeholder (nothing left over,
# nothing else touched); a look-alike line counts as kept when it comes out unchanged.
# Prints redact_corpus_recall_<class>= and redact_corpus_lookalikes_kept_<class>= per class, then
# the overall redact_corpus_recall= and redact_corpus_lookalikes_kept=. The Catch2 test
# tests/unit/redact_corpus_test.cpp fails on any miss; this prints the rates.
set -euo pipefail
: "${TOUCHPOINT:?}" "${TP_BENCH_TMP:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$root/tests/corpus/redact/corpus.tsv"
grep -v '^#' "$corpus" | cut -f4 > "$TP_BENCH_TMP/redact-corpus.in"
"$TOUCHPOINT" redact < "$TP_BENCH_TMP/redact-corpus.in" > "$TP_BENCH_TMP/redact-corpus.out"
python3 - "$corpus" "$TP_BENCH_TMP/redact-corpus.out" "${TP_CORPUS_MISSES:-}" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
outs = open(sys.argv[2], encoding="utf-8").read().split("\n")
def placeholder(cls):
    for prefix, p in (("card", "[card]"), ("phone", "[phone]"), ("email", "[email]"), ("ip", "[ip]"),
                      ("iban", "[iban]"), ("secret-url", "[secret-url]")):
        if cls.startswith(prefix):
            return p
    return "[id-number]"  # cn-id, tw-id, hk-id, passport
stats = {}
misses = []
for (cls, expected, value, text), out in zip(rows, outs):
    want = text.replace(value, placeholder(cls), 1) if expected == "pii" else text
    s = stats.setdefault(cls, [0, 0, 0, 0])  # pii, recalled, look-alikes, kept
    k = 0 if expected == "pii" else 2
    s[k] += 1
    if out == want:
        s[k + 1] += 1
    else:
        misses.append("%s\t%s\t%s\t-> %s" % (cls, expected, text, out))
tot = [sum(s[i] for s in stats.values()) for i in range(4)]
for cls in sorted(stats):
    s = stats[cls]
    if s[0]: print("redact_corpus_recall_%s=%.3f" % (cls.replace("-", "_"), s[1] / s[0]))
    if s[2]: print("redact_corpus_lookalikes_kept_%s=%.3f" % (cls.replace("-", "_"), s[3] / s[2]))
print("redact_corpus_recall=%.3f" % (tot[1] / tot[0]))
print("redact_corpus_lookalikes_kept=%.3f" % (tot[3] / tot[2]))
if sys.argv[3]:
    open(sys.argv[3], "w", encoding="utf-8").write("\n".join(misses) + "\n")
PY
