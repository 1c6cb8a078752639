#!/usr/bin/env bash
# Formats the project's own code: clang-format (.clang-format) for C++, Prettier (.prettierrc.json)
# for JS/CSS/HTML. `tools/format.sh --check` changes nothing and exits 1 if a file would change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
check=0; [ "${1:-}" = "--check" ] && check=1
mapfile -t cpp < <(git ls-files '*.cpp' '*.hpp' '*.h')
mapfile -t web < <(git ls-files '*.js' '*.mjs' '*.css' '*.html' ':!:**/package-lock.json')
prettier=tests/node_modules/.bin/prettier
if [ $check = 1 ]; then
    clang-format --dry-run --Werror "${cpp[@]}"
    "$prettier" --check "${web[@]}"
else
    clang-format -i "${cpp[@]}"
    "$prettier" --write --log-level warn "${web[@]}"
fi
