#!/usr/bin/env bash
# The collector's rollup fold in a loop of its own: tests/bench/rollup_fold.cpp (built by
# tools/build.sh native-release as touchpoint_bench_rollup_fold) prints its name=value lines.
# Env: TP_ROOT (the checkout, default this script's), TP_BUILD (default build/native-release).
set -euo pipefail
root=${TP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
"$root/${TP_BUILD:-build/native-release}/tools/touchpoint_bench_rollup_fold"
