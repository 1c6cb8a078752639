#!/usr/bin/env bash
# Size of every wasm module the browser loads, raw and gzip -9 (what a visitor downloads).
set -euo pipefail
for wasm in "$TP_DIST"/*.wasm; do
    name=$(basename "$wasm" .wasm | tr '-' '_' | sed 's/^touchpoint_//')
    echo "wasm_${name}_bytes=$(stat -c %s "$wasm")"
    echo "wasm_${name}_gzip_bytes=$(gzip -9 -c "$wasm" | wc -c)"
    glue="${wasm%.wasm}.js"
    [ -f "$glue" ] && echo "wasm_${name}_glue_gzip_bytes=$(gzip -9 -c "$glue" | wc -c)"
done
