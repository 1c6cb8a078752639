#!/usr/bin/env bash
# Fails if the core (shared/) includes anything platform-specific: Emscripten, GL, GLFW, ImGui,
# DOM/embind headers, or file/network I/O. The core must build and behave the same everywhere.
# With --viewer-core DIR it checks the journey viewer's core (viewer/core) instead: ImGui drawing is
# its job, but no Emscripten, GL, GLFW, ImGui backends, DOM or file I/O (those are its backends').
set -euo pipefail
if [ "${1:-}" = --viewer-core ]; then
    dir=${2:?usage: check_platform_free.sh --viewer-core VIEWER_CORE_DIR}
    what="viewer/core/"
    pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((emscripten|GL|GLES[23]?|GLFW|backends|SDL2?)[/.]|imgui_impl|html5\.h|webgl|fstream|filesystem|sys/|unistd\.h|windows\.h)'
else
    dir=${1:?usage: check_platform_free.sh SHARED_DIR}
    what="shared/"
    pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((emscripten|GL|GLES[23]?|GLFW|imgui|backends|SDL2?)[/.]|imgui|html5\.h|webgl|fstream|filesystem|cstdio|stdio\.h|sys/|unistd\.h|windows\.h)'
fi
bad=$(grep -rnE "$pattern" "$dir" --include='*.hpp' --include='*.h' --include='*.cpp' --include='*.inl' || true)
if [ -n "$bad" ]; then
    echo "$what must stay platform-free; these includes are not allowed there:"
    echo "$bad"
    exit 1
fi
count=$(find "$dir" -name '*.cpp' -o -name '*.hpp' | wc -l)
echo "$what is platform-free ($count files checked)"
