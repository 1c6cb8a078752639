#!/usr/bin/env bash
# The newcomer's first command: set up the machine, build everything, and run the demo —
# the reference collector (`touchpoint serve --demo`) on 127.0.0.1, serving the example site,
# seeded with generated responses. Ctrl-C stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
tools/build.sh native-release wasm-release
exec build/native-release/tools/touchpoint serve --demo --dist build/wasm-release/dist "$@"
