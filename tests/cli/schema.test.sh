#!/usr/bin/env bash
# `touchpoint schema KIND`: the committed JSON Schemas in docs/schema/ are exactly what the core's
# field tables produce today (a field added to a reader's table without regenerating them fails
# here: `touchpoint schema KIND > docs/schema/KIND-1.json`); the output is a JSON Schema
# draft 2020-12 document; an unknown kind is a usage error. How the schemas agree with the core's
# readers on real and mutated documents: tests/schema/agreement.mjs (CTest schema_agreement).
set -u
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for kind in survey response journey displays; do
    committed="$TP_SOURCE_DIR/docs/schema/$kind-1.json"
    [ -f "$committed" ] || fail "$committed is missing"
    "$TOUCHPOINT" schema "$kind" > "$tmp/$kind.json" || fail "schema $kind exited $?"
    diff -u "$committed" "$tmp/$kind.json" > "$tmp/diff" ||
        fail "docs/schema/$kind-1.json is out of date (regenerate: touchpoint schema $kind > docs/schema/$kind-1.json):
$(head -40 "$tmp/diff")"
    python3 - "$tmp/$kind.json" "$kind" <<'PY' || fail "$kind: not the expected schema document"
import json, sys
s = json.load(open(sys.argv[1]))
kind = sys.argv[2]
assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema", s["$schema"]
assert s["$id"] == f"urn:touchpoint:schema:{kind}-1", s["$id"]
assert s["properties"]["touchpoint"]["const"] == f"{kind}/1"
assert "touchpoint" in s["required"] and "id" in s["required"]
# Every $ref points at a definition that exists.
def refs(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "$ref": yield x
            else: yield from refs(x)
    elif isinstance(v, list):
        for x in v: yield from refs(x)
for r in refs(s):
    assert r.startswith("#/$defs/") and r[8:] in s["$defs"], r
PY
done
"$TOUCHPOINT" schema colour > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown kind should exit 2"
echo "ok"
