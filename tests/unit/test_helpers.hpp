// Shared by the unit tests: reading fixtures and golden files from the source tree.
// Natively through the C library; in wasm through NODERAWFS, the same calls.
#pragma once
#include <cstdio>
#include <optional>
#include <string>

namespace tp_test {

inline std::string source_path(const std::string& relative) { return std::string(TP_SOURCE_DIR) + "/" + relative; }

inline std::optional<std::string> read_file(const std::string& relative) {
    std::FILE* f = std::fopen(source_path(relative).c_str(), "rb");
    if (!f) return std::nullopt;
    std::string data;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) data.append(buf, n);
    std::fclose(f);
    return data;
}

}  // namespace tp_test
