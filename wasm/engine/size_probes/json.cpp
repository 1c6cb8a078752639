// Size probe: what the engine pays for JSON alone (the core's reader, nlohmann/json's DOM, dump
// and object access), without any survey logic.
#include <emscripten/emscripten.h>

#include <string>

#include <nlohmann/json.hpp>

#include "touchpoint/base/json_text.hpp"

namespace {
std::string g_result;
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* tp_probe(const char* text) {
    nlohmann::json doc;
    touchpoint::parse_json(text ? text : "", doc);
    if (doc.is_object() && doc.contains("a") && doc["a"].is_number()) doc["b"] = doc["a"].get<double>() * 2;
    g_result = doc.dump();
    return g_result.c_str();
}
