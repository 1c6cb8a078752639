#include "survey/fields.hpp"

#include <cmath>

#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/locale.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::fields {

const json& field(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

namespace {
std::string field_ptr(const std::string& ptr, const char* key) { return pointer_join(ptr, key); }
void report_missing(const std::string& ptr, const char* key, Diagnostics& d) {
    d.error(ptr, std::string("missing \"") + key + "\"");
}
}  // namespace

bool read_bool(const json& obj, const char* key, bool& out, const std::string& ptr, Diagnostics& d) {
    if (!obj.contains(key)) return true;
    const json& v = obj[key];
    if (!v.is_boolean()) {
        d.error(field_ptr(ptr, key), "expected true or false");
        return false;
    }
    out = v.get<bool>();
    return true;
}

bool read_int(const json& obj, const char* key, long long& out, long long min, long long max,
              const std::string& ptr, Diagnostics& d, bool required) {
    if (!obj.contains(key)) {
        if (required) report_missing(ptr, key, d);
        return !required;
    }
    const json& v = obj[key];
    double x = v.is_number() ? v.get<double>() : 0.5;
    if (!v.is_number() || std::floor(x) != x) {
        d.error(field_ptr(ptr, key), "expected a whole number");
        return false;
    }
    if (x < static_cast<double>(min) || x > static_cast<double>(max)) {
        d.error(field_ptr(ptr, key), std::string(key) + " out of range: " + write_json(v) + " is not within " +
                                         std::to_string(min) + "–" + std::to_string(max));
        return false;
    }
    out = static_cast<long long>(x);
    return true;
}

bool read_number(const json& obj, const char* key, double& out, bool& present, const std::string& ptr, Diagnostics& d) {
    present = false;
    if (!obj.contains(key)) return true;
    const json& v = obj[key];
    if (!v.is_number()) {
        d.error(field_ptr(ptr, key), "expected a number");
        return false;
    }
    out = v.get<double>();
    present = true;
    return true;
}

bool read_string(const json& obj, const char* key, std::string& out, const std::string& ptr, Diagnostics& d,
                 bool required, std::size_t max_chars) {
    if (!obj.contains(key)) {
        if (required) report_missing(ptr, key, d);
        return !required;
    }
    const json& v = obj[key];
    if (!v.is_string()) {
        d.error(field_ptr(ptr, key), "expected a string");
        return false;
    }
    const std::string& s = v.get_ref<const std::string&>();
    if (!utf8_valid(s)) {
        d.error(field_ptr(ptr, key), "text is not valid UTF-8");
        return false;
    }
    if (utf8_length(s) > max_chars) {
        d.error(field_ptr(ptr, key), "longer than " + std::to_string(max_chars) + " characters");
        return false;
    }
    out = s;
    return true;
}

bool read_text(const json& obj, const char* key, json& out, const std::string& ptr, const LoadContext& ctx,
               Diagnostics& d, bool required) {
    if (!obj.contains(key)) {
        if (required) report_missing(ptr, key, d);
        return !required;
    }
    static const std::vector<std::string> kNone;
    if (!validate_text(obj[key], field_ptr(ptr, key), ctx.locales ? *ctx.locales : kNone, ctx.max_text_chars, d))
        return false;
    out = obj[key];
    if (ctx.texts) ctx.texts->emplace_back(field_ptr(ptr, key), &obj[key]);
    return true;
}

bool read_enum(const json& obj, const char* key, std::string& out, const char* const* allowed,
               const std::string& ptr, Diagnostics& d) {
    if (!obj.contains(key)) return true;
    const json& v = obj[key];
    std::string list;
    for (const char* const* a = allowed; *a; ++a) {
        if (v.is_string() && v.get_ref<const std::string&>() == *a) {
            out = *a;
            return true;
        }
        list += list.empty() ? "" : ", ";
        list += *a;
    }
    d.error(field_ptr(ptr, key), "expected one of " + list);
    return false;
}

void warn_unknown(const json& obj, const std::string& ptr, std::initializer_list<const char*> known, Diagnostics& d) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool ok = false;
        for (const char* k : known) ok = ok || it.key() == k;
        if (!ok) d.warning(pointer_join(ptr, it.key()), "unknown field \"" + it.key() + "\" is ignored");
    }
}

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

bool read_choices(const json& obj, const char* key, std::vector<Choice>& out, const std::string& ptr,
                  const LoadContext& ctx, Diagnostics& d, std::size_t min_count) {
    std::string p = field_ptr(ptr, key);
    if (!obj.contains(key)) {
        report_missing(ptr, key, d);
        return false;
    }
    const json& list = obj[key];
    if (!list.is_array()) {
        d.error(p, "expected an array of choices");
        return false;
    }
    if (list.size() < min_count || list.size() > ctx.max_choices) {
        d.error(p, "needs " + std::to_string(min_count) + "–" + std::to_string(ctx.max_choices) + " choices, has " +
                       std::to_string(list.size()));
        return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& c = list[i];
        std::string cp = pointer_join(p, i);
        Choice choice;
        if (c.is_string()) {
            choice.value = c.get<std::string>();
            choice.label = c;
            if (ctx.texts) ctx.texts->emplace_back(cp, &c);  // its label too: checked for piping
        } else if (c.is_object()) {
            if (!read_string(c, "value", choice.value, cp, d, true)) {
                ok = false;
                continue;
            }
            choice.label = choice.value;
            if (!read_text(c, "label", choice.label, cp, ctx, d)) ok = false;
            bool present = false;
            if (!read_number(c, "score", choice.score, present, cp, d)) ok = false;
            choice.has_score = present;
            warn_unknown(c, cp, {"value", "label", "score"}, d);
        } else {
            d.error(cp, "expected a string or {\"value\",\"label\"}");
            ok = false;
            continue;
        }
        if (choice.value.empty() || utf8_length(choice.value) > 100 || !utf8_valid(choice.value)) {
            d.error(c.is_object() ? pointer_join(cp, "value") : cp, "a choice value needs 1–100 characters");
            ok = false;
            continue;
        }
        if (find_choice(out, choice.value)) {
            d.error(cp, "duplicate choice value \"" + choice.value + "\"");
            ok = false;
            continue;
        }
        out.push_back(std::move(choice));
    }
    return ok;
}

json describe_choices(const std::vector<Choice>& choices, const Localizer& loc) {
    json out = json::array();
    for (const Choice& c : choices) out.push_back({{"value", c.value}, {"label", loc.text(c.label)}});
    return out;
}

const Choice* find_choice(const std::vector<Choice>& choices, const std::string& value) {
    for (const Choice& c : choices)
        if (c.value == value) return &c;
    return nullptr;
}

}  // namespace touchpoint::fields
