#!/usr/bin/env bash
# Fails if the repository's documentation points outside the repository:
#  - a relative Markdown link or image (`[text](path)`, `![alt](path)`, `[ref]: path`) in a tracked
#    .md file that does not resolve to a tracked file or folder (fenced and inline code is skipped;
#    http(s)/mailto links to public specs are fine; an `#anchor` into a Markdown file must name
#    one of its headings);
#  - any tracked text file that sends readers to documents that live elsewhere: the phrase
#    "steering docs", a ../shared path from the top folder, or DESIGN.md / TOOLCHAIN.md / STYLE.md (this repository's
#    own pages are docs/architecture.md, docs/toolchain.md, ...).
# Usage: check_links.sh REPO_ROOT
set -euo pipefail
root=${1:?usage: check_links.sh REPO_ROOT}
cd "$root"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "check_links.sh: $root is not a git work tree; nothing to check"
    exit 0
fi

tracked=$(mktemp)
trap 'rm -f "$tracked"' EXIT
# Tracked files and every folder above them (a link may name a folder, e.g. examples/surveys/).
files() { git ls-files --cached --others --exclude-standard "$@" | grep -v '^third_party/'; }
files | awk '{print; n=split($0,p,"/"); d=""; for(i=1;i<n;i++){d=d (i>1?"/":"") p[i]; print d}}' |
    sort -u >"$tracked"

# The anchors GitHub derives from a Markdown file's headings: lower case, punctuation dropped,
# spaces to hyphens, "-1", "-2"... for repeats.
anchors() {
    perl -CSD -ne 'if (/^\s*(```|~~~)/) { $f = !$f; next } next if $f;
        if (/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/) {
            my $h = lc $1; $h =~ s/\[([^\]]*)\]\([^)]*\)/$1/g; $h =~ s/[^\w\- ]//g; $h =~ s/ /-/g;
            my $k = $n{$h}++; print $k ? "$h-$k\n" : "$h\n" }' "$1"
}

bad=0
checked=0
while IFS= read -r md; do
    dir=$(dirname "$md")
    # Drop fenced code blocks and inline code spans, then list link targets, one per line.
    targets=$(awk '/^[[:space:]]*(```|~~~)/{fence=!fence; next} !fence{gsub(/`[^`]*`/, ""); print}' "$md" |
        perl -ne 'while (/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g) { print "$1\n" }
                  print "$1\n" if /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/')
    while IFS= read -r target; do
        [ -z "$target" ] && continue
        case "$target" in
            http://* | https://* | mailto:*) continue ;;
            *://*)
                echo "$md: link with a non-web scheme: $target"
                bad=1
                continue
                ;;
        esac
        checked=$((checked + 1))
        path=${target%%#*}
        path=${path%%\?*}
        # Percent-encoded spaces and the like.
        path=$(printf '%b' "${path//%/\\x}")
        if [[ $path == /* ]]; then
            resolved=${path#/}   # GitHub resolves a leading / from the repository root
        else
            resolved=$(realpath -m --relative-to=. "$dir/$path")
        fi
        resolved=${resolved%/}
        if [[ $resolved == .. || $resolved == ../* ]]; then
            echo "$md: link leaves the repository: $target"
            bad=1
        elif [[ $resolved != . ]] && ! grep -qxF -- "$resolved" "$tracked"; then
            echo "$md: link to a file that is not in the repository: $target"
            bad=1
        elif [[ $target == *'#'* && ( -z $path || $resolved == *.md ) ]]; then
            anchor=${target#*#}
            page=$([ -z "$path" ] && echo "$md" || echo "$resolved")
            if ! anchors "$page" | grep -qxF -- "$anchor"; then
                echo "$md: no heading for the anchor #$anchor in $page"
                bad=1
            fi
        fi
    done <<<"$targets"
done < <(files '*.md')

# References to documents outside the repository, in any tracked text file but this one.
self=$(realpath --relative-to=. "${BASH_SOURCE[0]}")
not_self=()
[[ $self == ../* ]] || not_self=(":!$self")
# (../shared/ leaves the repository only from a top-level file; from docs/ it is the core's folder.)
outside=$( (git grep -nIi --untracked -E 'steering doc' -- . ':!third_party' "${not_self[@]}"
    git grep -nI --untracked -E '\.\./shared/' -- ':(glob)*' "${not_self[@]}"
    git grep -nI --untracked -E '\b(DESIGN|TOOLCHAIN|STYLE)\.md\b' -- . ':!third_party' "${not_self[@]}") || true)
if [ -n "$outside" ]; then
    echo "these lines refer to documents outside the repository (link a page in docs/ instead):"
    echo "$outside"
    bad=1
fi

if [ "$bad" -ne 0 ]; then exit 1; fi
echo "every link stays inside the repository ($checked relative links in $(files '*.md' | wc -l) Markdown files)"
