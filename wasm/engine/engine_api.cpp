// The C ABI the widget's JavaScript calls (a thin C bridge rather than embind: smaller and
// cheaper per call, as Yoga found). It forwards touchpoint::engine (shared/include/touchpoint/
// engine/engine.hpp) 1:1: no logic here. Strings cross as NUL-terminated UTF-8; a returned string stays
// valid until the next call that returns a string (web/src/bridge.js copies it at once).
// What is exported, and with which signature, is wasm/exports.json: the generated header below
// declares these functions, so a definition that drifts from the list does not compile.
#include "touchpoint_engine_exports.h"

#include <string>
#include <string_view>

#include "touchpoint/engine/engine.hpp"
#include "touchpoint/base/utf8.hpp"

namespace {
std::string g_result;  // backing store for the last returned string

const char* give(std::string text) {
    g_result = std::move(text);
    return g_result.c_str();
}

std::string_view view_of(const char* text) { return text ? std::string_view(text) : std::string_view(); }
}  // namespace

namespace engine = touchpoint::engine;

extern "C" {

const char* tp_core_version() { return give(touchpoint::core_version()); }

// Code points in a UTF-8 string: what the widget uses for max-length counters.
unsigned tp_utf8_length(const char* text) {
    return static_cast<unsigned>(touchpoint::utf8_length(view_of(text)));
}

const char* tp_validate(const char* survey) { return give(engine::validate(view_of(survey))); }

int tp_open(const char* survey, const char* options) {
    return engine::open(view_of(survey), view_of(options));
}

const char* tp_trigger_test(const char* survey, const char* field, const char* values) {
    return give(engine::trigger_test(view_of(survey), view_of(field), view_of(values)));
}

const char* tp_last_error() { return give(engine::last_error()); }

const char* tp_settings(int handle) { return give(engine::settings(handle)); }

const char* tp_view(int handle) { return give(engine::view(handle)); }

const char* tp_answer(int handle, const char* question_id, const char* value) {
    return give(engine::answer(handle, view_of(question_id), view_of(value)));
}

const char* tp_next(int handle) { return give(engine::next(handle)); }

const char* tp_back(int handle) { return give(engine::back(handle)); }

const char* tp_state(int handle) { return give(engine::state(handle)); }

const char* tp_payload(int handle, const char* context, const char* random_hex) {
    return give(engine::payload(handle, view_of(context), view_of(random_hex)));
}

const char* tp_cloudevent(const char* payload) { return give(engine::cloudevent(view_of(payload))); }

const char* tp_redact(const char* text) { return give(engine::redact(view_of(text))); }

void tp_close(int handle) { engine::close(handle); }

}  // extern "C"
