// Hidden fields (hidden_fields.hpp): reading their declarations ("fields" in survey/1) and
// resolving their values from the widget's sources.
#include "touchpoint/survey/hidden_fields.hpp"

#include "survey/fields.hpp"
#include "survey/survey_sections.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint {

const HiddenField* Survey::find_field(std::string_view field_id) const {
    for (const HiddenField& f : fields)
        if (f.id == field_id) return &f;
    return nullptr;
}

namespace {

using fields::field;

constexpr long long kMaxFieldLength = 1000;

// "url:utm_campaign", "attribute:plan" or "show".
bool valid_source(const std::string& from) {
    if (from == "show") return true;
    for (std::string_view prefix : {"url:", "attribute:"})
        if (starts_with(from, prefix)) return fields::valid_id(from.substr(prefix.size()));
    return false;
}

// A scalar as text, or "" when the value is missing or not a scalar.
std::string hidden_value_text(const json& v) {
    if (v.is_string()) return utf8_valid(v.get_ref<const std::string&>()) ? v.get<std::string>() : std::string();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) return write_json(v);
    return "";
}

}  // namespace

namespace sections {

void load_hidden_fields(Survey& s, const json& doc, const SurveyLimits& limits, Diagnostics& d) {
    if (!doc.contains("fields")) return;
    const json& list = doc["fields"];
    if (!list.is_array() || list.size() > limits.max_fields) {
        d.error("/fields", "expected an array of at most " + std::to_string(limits.max_fields) +
                               " hidden fields {\"id\", \"from\"}");
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string p = pointer_join("/fields", i);
        const json& f = list[i];
        if (!f.is_object()) {
            d.error(p, "expected {\"id\": \"plan\", \"from\": [\"url:utm_campaign\", \"attribute:plan\", \"show\"]}");
            continue;
        }
        HiddenField hf;
        if (!fields::read_string(f, "id", hf.id, p, d, true, 64)) continue;
        if (!fields::valid_id(hf.id)) {
            d.error(pointer_join(p, "id"), "an id needs 1–64 letters, digits, '_', '-' or '.'");
            continue;
        }
        if (s.find_field(hf.id)) {
            d.error(pointer_join(p, "id"), "duplicate hidden field \"" + hf.id + "\"");
            continue;
        }
        const json& from = field(f, "from");
        std::string fp = pointer_join(p, "from");
        if (from.is_null()) {
            hf.from.push_back("show");
        } else if (from.is_string() || (from.is_array() && !from.empty() && from.size() <= 5)) {
            // const: read only (a mutable json's operator[] is the growing one, which the engine
            // would carry for this alone)
            const json sources = from.is_string() ? json::array({from}) : from;
            for (std::size_t j = 0; j < sources.size(); ++j) {
                std::string src = sources[j].is_string() ? sources[j].get<std::string>() : std::string();
                if (!valid_source(src)) {
                    d.error(from.is_string() ? fp : pointer_join(fp, j),
                            "expected \"url:PARAM\", \"attribute:NAME\" or \"show\"");
                    continue;
                }
                hf.from.push_back(src);
            }
        } else {
            d.error(fp, "expected a source or a list of 1–5 sources (\"url:PARAM\", \"attribute:NAME\", \"show\")");
        }
        long long max_length = static_cast<long long>(hf.max_length);
        fields::read_int(f, "maxLength", max_length, 1, kMaxFieldLength, p, d);
        hf.max_length = static_cast<std::size_t>(max_length);
        fields::warn_unknown(f, p, {"id", "from", "maxLength"}, d);
        s.fields.push_back(std::move(hf));
    }
}

}  // namespace sections

json resolve_hidden_fields(const Survey& survey, const json& sources, const json& attributes,
                           std::vector<std::string>& ignored) {
    const json& show = field(sources, "show");
    if (show.is_object())
        for (auto it = show.begin(); it != show.end(); ++it)
            if (!survey.find_field(it.key())) ignored.push_back(it.key());
    json out = json::object();
    for (const HiddenField& f : survey.fields) {
        for (const std::string& from : f.from) {
            std::string value;
            if (from == "show") value = hidden_value_text(field(show, f.id.c_str()));
            else if (starts_with(from, "url:")) value = hidden_value_text(field(field(sources, "url"), from.c_str() + 4));
            else value = hidden_value_text(field(attributes, from.c_str() + 10));  // "attribute:"
            if (value.empty()) continue;
            out[f.id] = std::string(utf8_truncate(value, f.max_length));
            break;
        }
    }
    return out;
}

}  // namespace touchpoint
