#!/usr/bin/env bash
# Fails if the core (shared/) includes anything platform-specific: Emscripten, GL, GLFW, ImGui,
# DOM/embind headers, or file/network I/O. The core must build and behave the same everywhere.
set -euo pipefail
dir=${1:?usage: check_platform_free.sh SHARED_DIR}
pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((emscripten|GL|GLES[23]?|GLFW|imgui|backends|SDL2?)[/.]|imgui|html5\.h|webgl|fstream|filesystem|cstdio|stdio\.h|sys/|unistd\.h|windows\.h)'
bad=$(grep -rnE "$pattern" "$dir" --include='*.hpp' --include='*.h' --include='*.cpp' --include='*.inl' || true)
if [ -n "$bad" ]; then
    echo "shared/ must stay platform-free; these includes are not allowed there:"
    echo "$bad"
    exit 1
fi
count=$(find "$dir" -name '*.cpp' -o -name '*.hpp' | wc -l)
echo "shared/ is platform-free ($count files checked)"
