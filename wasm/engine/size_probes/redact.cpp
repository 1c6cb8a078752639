// Size probe: what the engine pays for the PII redactor alone.
#include <emscripten/emscripten.h>

#include <string>

#include "touchpoint/privacy/redact.hpp"

namespace {
std::string g_result;
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* tp_probe(const char* text) {
    touchpoint::RedactResult r = touchpoint::redact_text(text ? text : "");
    g_result = std::move(r.text);
    return g_result.c_str();
}
