#!/usr/bin/env bash
# The JSON Schemas in docs/schema/ and the core's readers agree (Ajv from tests/node_modules):
# tests/schema/agreement.test.mjs says how. Needs node and `npm ci` in tests/ (tools/setup.sh).
# Arguments go to node's test runner: CTest runs the file in parts (--test-name-pattern=...).
set -u
[ -d "$TP_SOURCE_DIR/tests/node_modules/ajv" ] || { echo "FAIL: tests/node_modules has no ajv (run npm ci in tests/)"; exit 1; }
exec node --no-experimental-fetch --test --test-reporter=spec "$@" "$TP_SOURCE_DIR/tests/schema/agreement.test.mjs"
