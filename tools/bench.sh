#!/usr/bin/env bash
# The project's one benchmark command: builds what it needs, then runs every benchmark in
# tests/bench/ (*.sh with bash, *.mjs with node), each printing `name=value` lines.
#   tools/bench.sh [NAME_SUBSTRING]     run only the benchmarks whose file name contains it
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh native-release wasm-release >build/bench-build.log 2>&1 ||
    { echo "bench: build failed, see build/bench-build.log" >&2; tail -20 build/bench-build.log >&2; exit 1; }
export TP_ROOT="$root" TP_DIST="$root/build/wasm-release/dist" TOUCHPOINT="$root/build/native-release/tools/touchpoint"
export TP_BENCH_TMP="$root/build/bench-tmp"
mkdir -p "$TP_BENCH_TMP"
status=0
for bench in tests/bench/*.sh tests/bench/*.mjs; do
    [ -e "$bench" ] || continue
    [[ "$(basename "$bench")" == *"${1:-}"* ]] || continue
    echo "# $bench" >&2
    case "$bench" in
        *.sh) bash "$bench" || { echo "bench: $bench failed" >&2; status=1; } ;;
        *.mjs) node "$bench" || { echo "bench: $bench failed" >&2; status=1; } ;;
    esac
done
exit $status
