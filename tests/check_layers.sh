#!/usr/bin/env bash
# Fails if an include in the core (shared/) runs against the module order in shared/layers.txt:
#  - a file of module M includes a header of a module listed after M (includes only run downward);
#  - a public header (include/touchpoint/...) includes a private one (src/MODULE/*.hpp);
#  - a file sits in a module folder that layers.txt does not list, or a quoted include names a
#    header that is not in the core (a typo would otherwise escape the check).
set -euo pipefail
dir=${1:?usage: check_layers.sh SHARED_DIR}
cd "$dir"

declare -A rank=()
n=0
while read -r module _; do
    case "$module" in ''|'#'*) continue ;; esac
    rank[$module]=$n
    n=$((n + 1))
done < layers.txt

errors=0
fail() { echo "$1"; errors=$((errors + 1)); }

checked=0
while IFS= read -r file; do
    checked=$((checked + 1))
    public=0
    case "$file" in
        include/touchpoint/*) public=1; rest=${file#include/touchpoint/} ;;
        src/*) rest=${file#src/} ;;
    esac
    if [ "$rest" = "${rest%%/*}" ]; then
        fail "$file: not inside a module folder (see shared/layers.txt)"
        continue
    fi
    module=${rest%%/*}
    if [ -z "${rank[$module]+x}" ]; then
        fail "$file: module \"$module\" is not listed in shared/layers.txt"
        continue
    fi
    while IFS=: read -r line target; do
        private=0
        case "$target" in
            touchpoint/*)
                [ -f "include/$target" ] || { fail "$file:$line: \"$target\" is not a header of the core"; continue; }
                rest=${target#touchpoint/} ;;
            */*)
                [ -f "src/$target" ] || { fail "$file:$line: \"$target\" is not a header of the core"; continue; }
                private=1; rest=$target ;;
            *)  # same folder
                [ -f "$(dirname "$file")/$target" ] || { fail "$file:$line: \"$target\" is not next to it"; continue; }
                private=$((1 - public)); rest=${file#src/}; rest=${rest#include/touchpoint/} ;;
        esac
        used=${rest%%/*}
        if [ -z "${rank[$used]+x}" ]; then
            fail "$file:$line: includes \"$target\" of module \"$used\", which shared/layers.txt does not list"
        elif [ "${rank[$used]}" -gt "${rank[$module]}" ]; then
            fail "$file:$line: $module must not include \"$target\": $used sits above $module in shared/layers.txt"
        fi
        if [ "$public" = 1 ] && [ "$private" = 1 ]; then
            fail "$file:$line: a public header must not include the private header \"$target\""
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
             sed -E 's/^([0-9]+):[^"]*"([^"]+)".*/\1:\2/' || true)
done < <(find include/touchpoint src -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' -o -name '*.inl' \) | sort)

if [ "$errors" -gt 0 ]; then
    echo "shared/: $errors include(s) against the module order (shared/layers.txt)"
    exit 1
fi
echo "shared/ includes run downward only ($checked files, ${#rank[@]} modules)"
