#!/usr/bin/env bash
# Installs everything Touchpoint needs on a fresh Debian 12 machine, from Debian's archive and the
# npm registry only (see docs/toolchain.md). Idempotent: a second run only checks,
# and returns in seconds.
#   tools/setup.sh            install system packages, Dear ImGui sources and npm packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- [SECTION] Debian packages -------------------------------------------------------------------
packages=(
    build-essential cmake ninja-build pkg-config git xz-utils gzip ca-certificates
    clang-14 libclang-rt-14-dev clang-format        # fuzzers (libFuzzer), sanitizers, formatter
    emscripten                                      # em++ 3.1.6 + clang/lld/binaryen + sysroot
    nlohmann-json3-dev catch2 libcli11-dev          # header-only C++ libraries
    libcpp-httplib-dev libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev  # the collector
    postgresql                                      # the collector's PostgreSQL backend tests (private cluster)
    libglfw3-dev libgl-dev libpng-dev xvfb xauth    # the native journey viewer and its headless test
    chromium fonts-noto-cjk fonts-noto-color-emoji  # browser tests and CJK/emoji screenshots
    firefox-esr webkit2gtk-driver                   # browser tests in Firefox (WebDriver BiDi) and WebKit (WebDriver)
    wrk                                             # collector load benchmark
)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
else
    say "Debian packages: all ${#packages[@]} present"
fi

# --- [SECTION] Dear ImGui 1.92.x from Debian's source packages ------------------------------------
# Debian's binary libimgui-dev is 1.86 without the core .cpp files; unstable's source package has
# 1.92.x (dynamic font atlas, custom ImFontLoader). Fetched with a private apt configuration so the
# system's sources are untouched; unpacked into third_party/ (ignored by git, never committed).
imgui_dir=third_party/imgui
if [ -f "$imgui_dir/imgui.cpp" ] && [ -f "$imgui_dir/DEBIAN_VERSION" ]; then
    say "Dear ImGui: $(cat "$imgui_dir/DEBIAN_VERSION") present"
else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/lists/partial" "$tmp/src"
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
    printf 'deb-src %s sid main\n' "$uri" >"$tmp/sources.list"
    A=(-o "Dir::Etc::sourcelist=$tmp/sources.list" -o Dir::Etc::sourceparts=/dev/null
       -o "Dir::State::Lists=$tmp/lists" -o APT::Sandbox::User=root)
    apt-get "${A[@]}" update -qq
    version=$(apt-cache "${A[@]}" showsrc imgui 2>/dev/null | awk '/^Version:/{print $2}' | sort -V | tail -1)
    case "$version" in
        1.92.*) ;;
        *) echo "setup: Debian's source archive offers imgui '${version:-nothing}', but Touchpoint needs 1.92.x" >&2
           exit 1 ;;
    esac
    (cd "$tmp/src" && apt-get "${A[@]}" source --download-only -qq "imgui=$version" >/dev/null)
    rm -rf "$imgui_dir" && mkdir -p "$imgui_dir"
    tar xf "$tmp"/src/imgui_*.orig.tar.* -C "$imgui_dir" --strip-components=1
    [ -f "$imgui_dir/imgui.cpp" ] || { echo "setup: imgui.cpp missing from the source package" >&2; exit 1; }
    echo "$version" >"$imgui_dir/DEBIAN_VERSION"
    say "Dear ImGui: fetched $version into $imgui_dir"
fi

# --- [SECTION] npm packages (pinned by the committed lockfiles) ----------------------------------
for dir in web tests; do
    [ -f "$dir/package-lock.json" ] || continue
    stamp="$dir/node_modules/.touchpoint-lock.sha256"
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "npm ($dir): up to date"
    else
        say "npm ($dir): npm ci"
        # puppeteer-core drives Debian's firefox-esr: no browser download (only two registries reachable)
        (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
        echo "$want" >"$stamp"
    fi
done
say "done"
