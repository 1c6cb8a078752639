#!/usr/bin/env bash
# Runs every test of the project and reports one summary:
#   native   the Catch2 suite (native) and the other CTest checks (platform-free core, include order, CLI tests)
#   asan     the same, built with AddressSanitizer + UndefinedBehaviorSanitizer
#   wasm     the same Catch2 suite compiled to wasm (shipped ABI) and run under node
#   collector  node tests against the real `touchpoint serve` on 127.0.0.1 (tests/collector/)
#   browser  Playwright driving Debian's Chromium against pages served on 127.0.0.1; then the
#            engine-neutral tests (tests/browser/engines/) again in Firefox ESR (WebDriver BiDi) and
#            WebKitGTK (WebDriver, on an Xvfb display the tests start): one summary row per engine
# Usage: tools/test.sh [--only LAYER[,LAYER...]]      Exits non-zero on any failure.
# On 2 cores the run is kept short by overlap, not by skipping: the native-asan build runs in the
# background at the lowest priority while the wasm build and the other layers run (the asan layers
# come last); collector and Chromium test files run $TP_TEST_JOBS (default: the core count) at a
# time; Firefox and WebKit run side by side, and so do the asan Catch2 suite and CTest checks.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
only="native,asan,wasm,collector,browser"
[ "${1:-}" = "--only" ] && only=${2:?--only needs a layer list}
wants() { [[ ",$only," == *",$1,"* ]]; }

# Test files (collector, browser) run this many at a time: each starts its own servers, browser
# and temporary folders on ports the kernel picks, so files cannot collide.
jobs=${TP_TEST_JOBS:-$(nproc)}
# No layer may hang the run: each is stopped after this many seconds (its own time is at most a
# third of it on CI's 2 cores) and counts as failed; a node test file (node 20 times the file, not
# each test) is cancelled after test_limit_ms, named in the log, and the layer's other files go on
# (also a file whose tests have ended but which a handle left open keeps alive: a browser driver or
# display that did not die; node would wait for it forever). Not --test-force-exit: node 20 aborts
# a file that has hooks but no test (tests/browser/engines/viewer.test.mjs under Chromium).
layer_limit=${TP_LAYER_LIMIT:-1500}
test_limit_ms=${TP_TEST_LIMIT_MS:-600000}
logdir=build/test-logs
mkdir -p "$logdir"
rows=()
total_pass=0
total_fail=0
record() {  # record LAYER PASSED FAILED SECONDS
    rows+=("$(printf '%-28s %7s %7s %6ss' "$1" "$2" "$3" "$4")")
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
}

# Catch2 console summary -> "passed failed" (a run that died before its summary counts as a failure).
catch_counts() {
    local log=$1
    if line=$(grep -E '^All tests passed' "$log" | tail -1) && [ -n "$line" ]; then
        echo "$(sed -E 's/.* in ([0-9]+) test case.*/\1/' <<<"$line") 0"
    elif line=$(grep -E '^test cases:' "$log" | tail -1) && [ -n "$line" ]; then
        local p f
        p=$(sed -nE 's/.*\| *([0-9]+) passed.*/\1/p' <<<"$line"); f=$(sed -nE 's/.*\| *([0-9]+) failed.*/\1/p' <<<"$line")
        echo "${p:-0} ${f:-1}"
    else
        echo "0 1"
    fi
}
# CTest summary -> "passed failed".
ctest_counts() {
    local line t f
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of' "$1" | tail -1)
    if [ -z "$line" ]; then grep -q 'No tests were found' "$1" && echo "0 0" || echo "0 1"; return; fi
    f=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line"); t=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    echo "$((t - f)) $f"
}
# node --test TAP summary -> "passed failed" (a cancelled test, e.g. its file timed out, is a failure).
node_counts() {
    local p f c
    p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
    c=$(grep -E '^# cancelled [0-9]+' "$1" | tail -1 | awk '{print $3}')
    [ -n "$p" ] && echo "$p $(( ${f:-0} + ${c:-0} ))" || echo "0 1"
}

# What a failed layer prints: the failing cases first (CI shows only part of the output), then the log's end.
failure_excerpt() {
    grep -n -E '^[[:space:]]*not ok |FAILED:|Failed  |\*\*\*Failed' "$1" | head -20
    grep -A24 -E '^[[:space:]]*not ok ' "$1" | grep -v -E '^[[:space:]]*(duration_ms|\.\.\.)' | head -80
    echo "   … end of log:"; tail -15 "$1"
}

# A finished layer: its counts from the log (a non-zero exit is at least one failure), the
# failure excerpt, and its summary row.
account() {  # account NAME COUNTER LOG EXIT SECONDS
    local name=$1 counter=$2 log=$3 rc=$4 secs=$5 p f
    read -r p f < <($counter "$log")
    if [ "$rc" -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    [ "$rc" = 124 ] && echo "   STOPPED ($name): still running after ${layer_limit} s (TP_LAYER_LIMIT)"
    [ "$f" != 0 ] && { echo "   FAILED ($name, exit $rc) — log: $log"; failure_excerpt "$log" | sed 's/^/   | /'; }
    record "$name" "$p" "$f" "$secs"
}

run_layer() {  # run_layer NAME COUNTER LOG COMMAND...
    local name=$1 counter=$2 log=$3; shift 3
    local t0=$SECONDS
    echo "── $name"
    timeout --kill-after=20 "$layer_limit" "$@" >"$log" 2>&1
    account "$name" "$counter" "$log" $? $((SECONDS - t0))
}

# Layers that leave a core idle (one process, or mostly waiting on browsers and servers) run side
# by side: start_layer starts one in the background, finish_layers waits for all started ones and
# records them in the order they were started. Each row's time is that layer's own wall time.
pending=()
background=()   # every process started in the background: stopped, with its children, on Ctrl-C
kill_tree() { local child; for child in $(pgrep -P "$1"); do kill_tree "$child"; done; kill "$1" 2>/dev/null; }
trap 'for pid in "${background[@]}"; do kill_tree "$pid"; done; exit 130' INT TERM
start_layer() {  # start_layer NAME COUNTER LOG COMMAND...
    local name=$1 counter=$2 log=$3; shift 3
    echo "── $name (alongside)"
    rm -f "$log.status"
    ( t0=$(date +%s); timeout --kill-after=20 "$layer_limit" "$@" >"$log" 2>&1; rc=$?; echo "$rc $(($(date +%s) - t0))" >"$log.status" ) &
    pending+=("$!|$name|$counter|$log")
    background+=("$!")
}
finish_layers() {
    local entry pid name counter log rc secs
    for entry in "${pending[@]}"; do
        IFS='|' read -r pid name counter log <<<"$entry"
        wait "$pid"
        read -r rc secs <"$log.status" 2>/dev/null || { rc=1; secs=0; }
        account "$name" "$counter" "$log" "$rc" "$secs"
    done
    pending=()
}

build() {  # build PRESET: a build failure is a failed layer, and later layers of it are skipped.
    local t0=$SECONDS
    echo "── build $1"
    if ! tools/build.sh "$1" >"$logdir/build-$1.log" 2>&1; then
        build_failed "$1" $((SECONDS - t0)); return 1
    fi
}
build_failed() {  # build_failed PRESET SECONDS
    echo "   BUILD FAILED — log: $logdir/build-$1.log"; tail -40 "$logdir/build-$1.log" | sed 's/^/   | /'
    record "build $1" 0 1 "$2"
}
# A build in the background at the lowest CPU priority: it takes only what the layers running in
# the meantime leave idle (link steps, browsers waiting on pages), so it costs them next to nothing.
start_build() {  # start_build PRESET
    echo "── build $1 (in the background)"
    rm -f "$logdir/build-$1.status"
    ( t0=$(date +%s); nice -n 19 tools/build.sh "$1" >"$logdir/build-$1.log" 2>&1; rc=$?
      echo "$rc $(($(date +%s) - t0))" >"$logdir/build-$1.status" ) &
    eval "build_pid_${1//-/_}=$!"
    background+=("$!")
}
finish_build() {  # finish_build PRESET: waits for start_build's build; fails like build().
    local pid_var="build_pid_${1//-/_}" rc secs
    echo "── build $1 (waiting for it)"
    wait "${!pid_var}"
    read -r rc secs <"$logdir/build-$1.status" 2>/dev/null || { rc=1; secs=0; }
    [ "$rc" = 0 ] || { build_failed "$1" "$secs"; return 1; }
}

# The order: native-release and its layers; the asan build (the slowest, needed only by the asan
# layers, which run last) starts then in the background; the wasm build and the other layers run
# meanwhile.
if wants native && build native-release; then
    wants asan && start_build native-asan
    run_layer "native unit (Catch2)" catch_counts "$logdir/native-unit.log" \
        build/native-release/tests/touchpoint_tests --use-colour no
    # The CTest checks are separate processes with their own temporary folders: one per core.
    run_layer "native checks (CTest)" ctest_counts "$logdir/native-ctest.log" \
        ctest --test-dir build/native-release -LE unit --output-on-failure --parallel "$jobs"
fi
wants asan && [ -z "${build_pid_native_asan:-}" ] && start_build native-asan
if wants wasm && build wasm-release; then
    run_layer "wasm unit (Catch2 on node)" catch_counts "$logdir/wasm-unit.log" \
        node --no-experimental-fetch build/wasm-release/tests/touchpoint_tests.js --use-colour no
fi
if wants collector && compgen -G 'tests/collector/*.test.mjs' >/dev/null; then
    if [ -f build/native-release/build.ninja ] || build native-release; then
        run_layer "collector (node+server)" node_counts "$logdir/collector.log" \
            env TOUCHPOINT="$root/build/native-release/tools/touchpoint" TP_DIST="$root/build/wasm-release/dist" \
            node --test --test-reporter=tap --test-timeout="$test_limit_ms" --test-concurrency="$jobs" tests/collector/
    fi
fi
if wants browser; then
    if { [ -f build/wasm-release/build.ninja ] || build wasm-release; } &&
       { [ -f build/native-release/build.ninja ] || build native-release; }; then
        run_layer "browser chromium" node_counts "$logdir/browser.log" \
            env TP_ENGINES=chromium TP_DIST="$root/build/wasm-release/dist" TOUCHPOINT="$root/build/native-release/tools/touchpoint" \
            node --test --test-reporter=tap --test-timeout="$test_limit_ms" --test-concurrency="$jobs" tests/browser/
        # Firefox and WebKit side by side: each has its own Xvfb display, driver port and profile.
        for engine in firefox webkit; do
            start_layer "browser $engine" node_counts "$logdir/browser-$engine.log" \
                env TP_ENGINES=$engine TP_DIST="$root/build/wasm-release/dist" TOUCHPOINT="$root/build/native-release/tools/touchpoint" \
                node --test --test-reporter=tap --test-timeout="$test_limit_ms" --test-concurrency=1 tests/browser/engines/
        done
        finish_layers
    fi
fi

# The Catch2 suite is one process: it runs beside the CTest checks, which share the cores it leaves.
if wants asan && finish_build native-asan; then
    start_layer "asan+ubsan unit (Catch2)" catch_counts "$logdir/asan-unit.log" \
        build/native-asan/tests/touchpoint_tests --use-colour no
    start_layer "asan+ubsan checks (CTest)" ctest_counts "$logdir/asan-ctest.log" \
        ctest --test-dir build/native-asan -LE unit --output-on-failure --parallel "$jobs"
    finish_layers
fi

echo
printf '%-28s %7s %7s %7s\n' "layer" "passed" "failed" "time"
printf '%s\n' "${rows[@]}"
echo
echo "total: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
