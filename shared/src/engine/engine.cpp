#include "touchpoint/engine/engine.hpp"

#include <memory>
#include <vector>

#include "session/messages.hpp"
#include "survey/fields.hpp"
#include "survey/survey_sections.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/privacy/redact.hpp"
#include "touchpoint/response/cloudevent.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/session/session.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::engine {
namespace {

// Sessions by handle - 1. Handles are never reused (a stale handle finds nothing rather than
// another survey), so a closed session leaves an empty slot: a vector costs less code than a map
// in the engine every survey page downloads.
struct Engine {
    std::vector<std::unique_ptr<Session>> sessions;
    std::vector<json> ignored_fields;  // per handle - 1: undeclared hidden fields given to open()
    std::string last_error;
};

Engine& engine() {
    static Engine e;
    return e;
}

json diagnostics_json(const Diagnostics& d) {
    json list = json::array();
    for (const Diagnostic& item : d.items())
        list.push_back({{"severity", item.severity == Severity::Error ? "error" : "warning"},
                        {"pointer", item.pointer},
                        {"message", item.message}});
    return list;
}

std::string error_json(const Diagnostics& d) {
    json first = {{"pointer", ""}, {"message", "unknown error"}};
    for (const Diagnostic& item : d.items()) {
        if (item.severity != Severity::Error) continue;
        first = {{"pointer", item.pointer}, {"message", item.message}};
        break;
    }
    return write_json(json{{"error", first}, {"diagnostics", diagnostics_json(d)}});
}

std::string error_json(std::string pointer, std::string message) {
    Diagnostics d;
    d.error(std::move(pointer), std::move(message));
    return error_json(d);
}

// Small inputs only (options, answers, contexts): a depth check guards the recursive parser.
bool parse_small(std::string_view text, json& out, const char* what, Diagnostics& d) {
    SurveyLimits limits;
    limits.max_bytes = 256 * 1024;
    if (!precheck_json(text, limits, d)) return false;
    return parse_json(text, out, d, what);
}

Session* find(int handle) {
    const auto& sessions = engine().sessions;
    return handle > 0 && static_cast<std::size_t>(handle) <= sessions.size()
               ? sessions[static_cast<std::size_t>(handle) - 1].get()
               : nullptr;
}

std::string no_session(int handle) { return error_json("", "no open survey with handle " + std::to_string(handle)); }

// The names a trigger expression sees: segment.NAME and properties.NAME (a dotted walk into the
// values the loader gives), and the clock it gives for days_since().
class TriggerScope : public expr::Scope {
public:
    explicit TriggerScope(const json& values) : values_(values) {}
    json lookup(std::string_view name) const override {
        const json* at = &values_;
        while (!name.empty()) {
            const std::size_t dot = name.find('.');
            const std::string key(name.substr(0, dot));
            if (!at->is_object() || !at->contains(key)) return nullptr;
            at = &(*at)[key];
            name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
        }
        return *at;
    }
    std::optional<std::int64_t> now_ms() const override {
        if (!values_.is_object()) return std::nullopt;
        const auto now = values_.find("now_ms");
        if (now == values_.end() || !now->is_number()) return std::nullopt;
        const double ms = now->get<double>();
        if (!(ms >= -8.64e15 && ms <= 8.64e15)) return std::nullopt;  // JavaScript's Date range
        return static_cast<std::int64_t>(ms);
    }

private:
    const json& values_;
};

}  // namespace

std::string validate(std::string_view survey_json) {
    register_builtin_question_types();
    Diagnostics d;
    std::unique_ptr<Survey> s = parse_survey(survey_json, d);
    return write_json(json{{"ok", s != nullptr && !d.has_errors()}, {"diagnostics", diagnostics_json(d)}});
}

int open(std::string_view survey_json, std::string_view options_json) {
    register_builtin_question_types();
    Engine& e = engine();
    Diagnostics d;
    json options = json::object();
    if (!options_json.empty() && !parse_small(options_json, options, "options", d)) {
        e.last_error = error_json(d);
        return 0;
    }
    if (!options.is_object()) {
        e.last_error = error_json("/options", "expected an options object");
        return 0;
    }
    std::unique_ptr<const Survey> survey(parse_survey(survey_json, d));
    if (!survey) {
        e.last_error = error_json(d);
        return 0;
    }
    const json& state = options.contains("state") ? options["state"] : json();
    std::string locale;
    if (options.contains("locale") && options["locale"].is_string()) locale = options["locale"].get<std::string>();
    else if (state.is_object() && state.contains("locale") && state["locale"].is_string())
        locale = state["locale"].get<std::string>();
    json context = options.contains("context") && options["context"].is_object() ? options["context"] : json::object();
    auto session = std::make_unique<Session>(std::move(survey), locale, context);
    if (!state.is_null()) {
        Diagnostics sd;
        if (!session->restore(state, sd)) {
            e.last_error = error_json(sd);
            return 0;
        }
    }
    json ignored = json::array();
    if (options.contains("fields"))
        for (const std::string& name : session->set_hidden_fields(options["fields"])) ignored.push_back(name);
    // No overflow check: INT_MAX slots would need 8 GiB of pointers, more than wasm32 can address.
    e.sessions.push_back(std::move(session));
    e.ignored_fields.push_back(std::move(ignored));
    e.last_error.clear();
    return static_cast<int>(e.sessions.size());
}

std::string last_error() { return engine().last_error; }

std::string settings(int handle) {
    Session* s = find(handle);
    if (!s) return no_session(handle);
    json out = sections::settings_json(s->survey());
    out["strings"] = strings_column_name(strings_column(s->locale()));
    out["ignoredFields"] = engine().ignored_fields[static_cast<std::size_t>(handle) - 1];
    return write_json(out);
}

std::string view(int handle) {
    Session* s = find(handle);
    return s ? write_json(s->view()) : no_session(handle);
}

std::string answer(int handle, std::string_view question_id, std::string_view value_json) {
    Session* s = find(handle);
    if (!s) return no_session(handle);
    Diagnostics d;
    json value;
    if (!parse_small(value_json, value, "the answer", d)) return error_json(d);
    if (!s->answer(question_id, value)) return error_json("", "unknown question \"" + std::string(question_id) + "\"");
    return write_json(s->view());
}

std::string next(int handle) {
    Session* s = find(handle);
    if (!s) return no_session(handle);
    s->next();
    return write_json(s->view());
}

std::string back(int handle) {
    Session* s = find(handle);
    if (!s) return no_session(handle);
    s->back();
    return write_json(s->view());
}

std::string state(int handle) {
    Session* s = find(handle);
    return s ? write_json(s->state()) : no_session(handle);
}

std::string payload(int handle, std::string_view context_json, std::string_view random_hex) {
    Session* s = find(handle);
    if (!s) return no_session(handle);
    Diagnostics d;
    json context = json::object();
    if (!context_json.empty() && !parse_small(context_json, context, "the context", d)) return error_json(d);
    json out;
    if (!build_payload(*s, context, random_hex, out, d)) return error_json(d);
    return write_json(out);
}

std::string trigger_test(std::string_view survey_json, std::string_view field, std::string_view values_json) {
    register_builtin_question_types();
    Diagnostics d;
    json values = json::object();
    if (!values_json.empty() && !parse_small(values_json, values, "the values", d)) return error_json(d);
    if (!values.is_object()) return error_json("", "expected the values as an object");
    std::unique_ptr<Survey> s = parse_survey(survey_json, d);
    if (!s) return error_json(d);
    const expr::Expression* e = field == "audience" ? &s->audience : field == "eventCondition" ? &s->event_condition : nullptr;
    if (!e) return error_json("", "expected \"audience\" or \"eventCondition\"");
    return write_json(json{{"match", !e->valid() || e->test(TriggerScope(values))}});
}

std::string cloudevent(std::string_view payload_json) {
    Diagnostics d;
    json p;
    if (!parse_small(payload_json, p, "the payload", d)) return error_json(d);
    json out;
    if (!to_cloudevent(p, out, d)) return error_json(d);
    return write_json(out);
}

std::string redact(std::string_view text) {
    RedactResult r = redact_text(text);
    json kinds = json::object();
    for (int k = 0; k < kPiiKindCount; ++k)
        if (r.kinds[static_cast<std::size_t>(k)] > 0) kinds[pii_kind_name(static_cast<PiiKind>(k))] = r.kinds[static_cast<std::size_t>(k)];
    // Invalid UTF-8 in the input becomes U+FFFD in the text written (write_json never aborts).
    return write_json(json{{"text", r.text}, {"redactions", r.count}, {"kinds", kinds}});
}

void close(int handle) {
    if (!find(handle)) return;
    engine().sessions[static_cast<std::size_t>(handle) - 1].reset();
    engine().ignored_fields[static_cast<std::size_t>(handle) - 1] = nullptr;
}

}  // namespace touchpoint::engine
