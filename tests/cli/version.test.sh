#!/usr/bin/env bash
# The CLI runs, reports the core's version, and rejects unknown commands with exit 2.
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$("$TOUCHPOINT" --version) || fail "--version exited $?"
[[ "$out" =~ ^touchpoint\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "unexpected version line: $out"
"$TOUCHPOINT" frobnicate 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "unknown command exited $rc, expected 2"
"$TOUCHPOINT" --help | grep -q '^  version' || fail "--help does not list commands"
echo "ok"
