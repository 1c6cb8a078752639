// The C ABI the widget's JavaScript calls (a thin C bridge rather than embind: smaller and
// cheaper per call, as Yoga found). Strings cross as UTF-8; returned strings stay valid until
// the next call that returns a string.
#include <emscripten/emscripten.h>

#include <string>

#include "touchpoint/utf8.hpp"

namespace {
std::string g_result;  // backing store for the last returned string
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* tp_core_version() {
    g_result = touchpoint::core_version();
    return g_result.c_str();
}

// Code points in a UTF-8 string: what the widget uses for max-length counters.
EMSCRIPTEN_KEEPALIVE unsigned tp_utf8_length(const char* text) {
    return static_cast<unsigned>(touchpoint::utf8_length(text ? text : ""));
}

}  // extern "C"
