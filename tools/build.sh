#!/usr/bin/env bash
# Configures (once) and builds CMake presets: tools/build.sh [PRESET...]
# Default: native-release (CLI, collector, native tests) and wasm-release (engine, viewer, web assets,
# wasm tests). Presets are in CMakePresets.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs Debian's acorn (docs/toolchain.md)
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native-release wasm-release)
for preset in "${presets[@]}"; do
    if [ ! -f "build/$preset/build.ninja" ]; then
        cmake --preset "$preset" >/dev/null
    fi
    cmake --build --preset "$preset" -- -j"${TP_JOBS:-$(nproc)}"
done
