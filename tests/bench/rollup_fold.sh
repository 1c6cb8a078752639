#!/usr/bin/env bash
# The collector's rollup fold in a loop of its own: tests/bench/rollup_fold.cpp, built here (the
# target touchpoint_bench_rollup_fold of the native-release build, not part of every build), prints
# its name=value lines.
# Env: TP_ROOT (the checkout, default this script's), TP_BUILD (default build/native-release).
set -euo pipefail
root=${TP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build="$root/${TP_BUILD:-build/native-release}"
cmake --build "$build" --target touchpoint_bench_rollup_fold >/dev/null
"$build/tools/touchpoint_bench_rollup_fold"
