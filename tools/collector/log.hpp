// The collector's log: one line on standard error, "touchpoint serve: ...", flushed at once (a
// supervisor reading the stream sees each event as it happens).
#pragma once
#include <cstdio>
#include <string>

namespace touchpoint::collector {

inline void log(const std::string& line) {
    std::fprintf(stderr, "touchpoint serve: %s\n", line.c_str());
    std::fflush(stderr);
}

}  // namespace touchpoint::collector
