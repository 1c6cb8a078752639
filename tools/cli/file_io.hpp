// File helpers shared by every `touchpoint` command: whole-file reads and writes, "-" meaning
// stdin/stdout, and printing core Diagnostics the way every command does. The core itself does no
// I/O; these are the only places the CLI touches files it is given.
#pragma once
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint::cli {

// Reads a whole file ("-" for stdin). With `limit`, stops once more than `limit` bytes are read:
// enough for the caller (or the core's size limits) to say "too large" without reading a huge
// file to the end. On failure returns nullopt and, if `error` is given, the reason.
inline std::optional<std::string> read_whole(const std::string& path, std::string* error = nullptr,
                                             std::size_t limit = std::numeric_limits<std::size_t>::max()) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
        if (error) *error = std::strerror(errno);
        return std::nullopt;
    }
    std::string data;
    char buf[1 << 16];
    for (std::size_t n; data.size() <= limit && (n = std::fread(buf, 1, sizeof buf, f)) > 0;) data.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    if (f != stdin) std::fclose(f);
    if (failed) {
        if (error) *error = "read error";
        return std::nullopt;
    }
    return data;
}

inline bool write_whole(const std::string& path, const std::string& data) {
    if (path == "-") return std::fwrite(data.data(), 1, data.size(), stdout) == data.size();
    // Write next to the target and rename, so a failed run never leaves half a file behind.
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    if (std::fclose(f) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

// "file.json: /stages/2/id: duplicate stage id" — one line per diagnostic, on stderr.
inline void print_diagnostics(const std::string& file, const Diagnostics& d) {
    for (const Diagnostic& x : d.items())
        std::fprintf(stderr, "%s: %s%s%s%s\n", file.c_str(), x.severity == Severity::Warning ? "warning: " : "",
                     x.pointer.c_str(), x.pointer.empty() ? "" : ": ", x.message.c_str());
}

}  // namespace touchpoint::cli
