// CloudEvents 1.0 wrap / validate / unwrap (see the header for the rules and their sources).
//
// [SECTION] Value syntax: names, URI-reference, RFC 3339, media types, base64
// [SECTION] Validation of one event
// [SECTION] Wrap and unwrap
#include "touchpoint/response/cloudevent.hpp"

#include <cstdint>

#include "touchpoint/base/ascii.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/base/uuid.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint {
namespace {

using nlohmann::json;

// [SECTION] Value syntax: names, URI-reference, RFC 3339, media types, base64 -------------------

using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_hex;

// spec.md "Attribute Naming Convention": lower-case a–z and 0–9 only. The 20-character limit is
// a SHOULD NOT: accepted.
bool valid_attribute_name(const std::string& name) {
    if (name.empty()) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || is_digit(c))) return false;
    return true;
}

// RFC 3986 characters (unreserved, reserved, percent-encoded triplets) and, when the text
// starts with a scheme, a well-formed one. A relative reference cannot have ':' in its first
// segment ("1a:b" is neither a scheme nor a relative path).
bool uri_characters_ok(const std::string& s) {
    static const std::string kAllowed = "-._~:/?#[]@!$&'()*+,;=";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
            i += 2;
        } else if (!is_alpha(c) && !is_digit(c) && kAllowed.find(c) == std::string::npos) {
            return false;
        }
    }
    return true;
}

// 0: no scheme (a relative reference), 1: a valid scheme, -1: malformed first segment.
int scheme_state(const std::string& s) {
    const std::size_t colon = s.find(':');
    const std::size_t end_of_segment = s.find_first_of("/?#");
    if (colon == std::string::npos || (end_of_segment != std::string::npos && end_of_segment < colon)) return 0;
    if (colon == 0 || !is_alpha(s[0])) return -1;
    for (std::size_t i = 1; i < colon; ++i)
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') return -1;
    return 1;
}

bool valid_uri_reference(const std::string& s) { return uri_characters_ok(s) && scheme_state(s) >= 0; }
bool valid_absolute_uri(const std::string& s) { return uri_characters_ok(s) && scheme_state(s) == 1; }

bool digits(const std::string& s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (!is_digit(s[i])) return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// RFC 3339 section 5.6 date-time: full-date "T" full-time, seconds required, optional fraction,
// offset "Z" or ±hh:mm (lower-case t/z allowed by its ABNF, which is case-insensitive).
bool valid_rfc3339(const std::string& s) {
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
        !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hour) || s[13] != ':' ||
        !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
        return false;
    if (!valid_civil_date(year, month, day) || hour > 23 || minute > 59 || second > 60) return false;
    std::size_t i = 19;
    if (s[i] == '.') {
        const std::size_t start = ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == start) return false;
    }
    if (i == s.size()) return false;
    if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
    int off_hour, off_minute;
    return (s[i] == '+' || s[i] == '-') && i + 6 == s.size() && digits(s, i + 1, 2, off_hour) && s[i + 3] == ':' &&
           digits(s, i + 4, 2, off_minute) && off_hour <= 23 && off_minute <= 59;
}

// RFC 7230 token characters, which RFC 2045/2046 media types and parameters are made of.
bool is_token_char(char c) {
    static const std::string kSpecials = "!#$%&'*+-.^_`|~";
    return is_alpha(c) || is_digit(c) || kSpecials.find(c) != std::string::npos;
}

std::size_t skip_token(const std::string& s, std::size_t i) {
    while (i < s.size() && is_token_char(s[i])) ++i;
    return i;
}
std::size_t skip_space(const std::string& s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
}

// type "/" subtype *( OWS ";" OWS name "=" ( token / quoted-string ) )
bool valid_media_type(const std::string& s) {
    std::size_t i = skip_token(s, 0);
    if (i == 0 || i >= s.size() || s[i] != '/') return false;
    std::size_t j = skip_token(s, i + 1);
    if (j == i + 1) return false;
    for (i = skip_space(s, j); i < s.size(); i = skip_space(s, i)) {
        if (s[i] != ';') return false;
        i = skip_space(s, i + 1);
        j = skip_token(s, i);
        if (j == i || j >= s.size() || s[j] != '=') return false;
        i = j + 1;
        if (i < s.size() && s[i] == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i)
                if (s[i] == '\\') ++i;
            if (i >= s.size()) return false;
            ++i;
        } else {
            j = skip_token(s, i);
            if (j == i) return false;
            i = j;
        }
    }
    return true;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (is_digit(c)) return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// RFC 4648 section 4, padded; false on any other character or a bad length.
bool base64_decode(const std::string& in, std::string& out) {
    if (in.size() % 4 != 0) return false;
    out.clear();
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        const bool last = i + 4 == in.size();
        const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=') : 0;
        if (pad == 1 && in[i + 2] == '=') return false;  // "x=y=" style
        std::uint32_t bits = 0;
        for (int k = 0; k < 4 - pad; ++k) {
            const int v = base64_value(in[i + static_cast<std::size_t>(k)]);
            if (v < 0) return false;
            bits = bits << 6 | static_cast<std::uint32_t>(v);
        }
        bits <<= 6 * pad;
        out.push_back(static_cast<char>(bits >> 16 & 0xFF));
        if (pad < 2) out.push_back(static_cast<char>(bits >> 8 & 0xFF));
        if (pad < 1) out.push_back(static_cast<char>(bits & 0xFF));
    }
    return true;
}

// [SECTION] Validation of one event -------------------------------------------------------------

const json* present(const json& event, const char* key) {
    auto it = event.find(key);
    return it == event.end() || it->is_null() ? nullptr : &*it;
}

const char* kRequired[] = {"id", "source", "specversion", "type"};

// The value types the JSON format maps attributes to: String, Boolean, Integer (32-bit signed).
bool check_attribute_value(const json& v, const std::string& at, Diagnostics& d) {
    if (v.is_null() || v.is_string() || v.is_boolean()) return true;
    if (v.is_number_integer()) {
        const bool in_range = v.is_number_unsigned() ? v.get<std::uint64_t>() <= 2147483647u
                                                     : v.get<std::int64_t>() >= -2147483648LL &&
                                                           v.get<std::int64_t>() <= 2147483647LL;
        if (!in_range) d.error(at, "an Integer attribute must be within -2147483648..2147483647");
        return in_range;
    }
    d.error(at, v.is_number() ? "an Integer attribute has no fraction or exponent"
                              : "an attribute value must be a string, a boolean or an integer");
    return false;
}

void check_string_attribute(const json& event, const char* key, const std::string& at, Diagnostics& d,
                            bool (*syntax)(const std::string&), const char* syntax_name) {
    const json* v = present(event, key);
    if (!v) return;
    const std::string ptr = pointer_join(at, key);
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
        d.error(ptr, "must be a non-empty string");
        return;
    }
    if (syntax && !syntax(v->get_ref<const std::string&>())) d.error(ptr, std::string("must be ") + syntax_name);
}

}  // namespace

std::string media_type_essence(const std::string& content_type) {
    std::string t;
    for (char c : content_type.substr(0, content_type.find(';'))) {
        if (c == ' ' || c == '\t') continue;
        t.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return t;
}

bool is_json_media_type(const std::string& content_type) {
    const std::string t = media_type_essence(content_type);
    const std::size_t slash = t.find('/');
    if (slash == std::string::npos) return false;
    const std::string subtype = t.substr(slash + 1);
    return subtype == "json" || (subtype.size() > 5 && std::string_view(subtype).substr(subtype.size() - 5) == "+json");
}

bool validate_cloudevent(const json& event, const std::string& at, Diagnostics& d) {
    if (!event.is_object()) {
        d.error(at, "a CloudEvent must be a JSON object");
        return false;
    }
    const std::size_t before = d.error_count();
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (it.key() == "data" || it.key() == "data_base64") continue;  // members, not attributes
        const std::string ptr = pointer_join(at, it.key());
        if (!valid_attribute_name(it.key()))
            d.error(ptr, "an attribute name must be lower-case letters a-z and digits 0-9 only");
        else
            check_attribute_value(it.value(), ptr, d);
    }
    for (const char* key : kRequired) {
        const json* v = present(event, key);
        if (!v || !v->is_string() || v->get_ref<const std::string&>().empty())
            d.error(pointer_join(at, key), "a required attribute: must be a non-empty string");
    }
    if (const json* v = present(event, "specversion"); v && v->is_string() && !v->get_ref<const std::string&>().empty() &&
                                                      *v != "1.0")
        d.error(pointer_join(at, "specversion"), "must be \"1.0\" (the only version this reader knows)");
    check_string_attribute(event, "source", at, d, valid_uri_reference, "a URI-reference (RFC 3986)");
    check_string_attribute(event, "dataschema", at, d, valid_absolute_uri, "an absolute URI (RFC 3986)");
    check_string_attribute(event, "subject", at, d, nullptr, nullptr);
    check_string_attribute(event, "time", at, d, valid_rfc3339, "an RFC 3339 timestamp, e.g. 2018-04-05T17:31:00Z");
    check_string_attribute(event, "datacontenttype", at, d, valid_media_type, "a media type (RFC 2046), e.g. application/json");

    const json* data = event.contains("data") ? &event["data"] : nullptr;  // data: null is a value
    const json* data_base64 = present(event, "data_base64");
    if (data && data_base64) d.error(pointer_join(at, "data_base64"), "data and data_base64 are mutually exclusive");
    std::string bytes;
    if (data_base64 && (!data_base64->is_string() || !base64_decode(data_base64->get<std::string>(), bytes)))
        d.error(pointer_join(at, "data_base64"), "must be base64 (RFC 4648, padded)");
    return d.error_count() == before;
}

// [SECTION] Wrap and unwrap ----------------------------------------------------------------------

bool to_cloudevent(const json& payload, json& out, Diagnostics& d) {
    auto member = [&](const json& obj, const char* key) -> const json* {
        if (!obj.is_object()) return nullptr;
        auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    };
    namespace top = members::payload;
    const json* touchpoint = member(payload, top::touchpoint);
    if (!touchpoint || *touchpoint != "response/1") {
        d.error(members::pointer::payload::touchpoint, "expected a response/1 payload");
        return false;
    }
    const json* id = member(payload, top::id);
    const json* submitted = member(payload, top::submitted);
    const json* survey = member(payload, top::survey);
    const json* survey_id = survey ? member(*survey, members::survey::id) : nullptr;
    if (!id || !id->is_string() || !is_uuid_v4(id->get_ref<const std::string&>())) {
        d.error(members::pointer::payload::id, "expected the response's UUID v4");
        return false;
    }
    if (!submitted || !submitted->is_string()) {
        d.error(members::pointer::payload::submitted, "expected the submission time");
        return false;
    }
    if (!survey_id || !survey_id->is_string()) {
        d.error(members::pointer::survey::id, "expected the survey id");
        return false;
    }
    out = {{"specversion", "1.0"},
           {"type", kResponseEventType},
           {"source", "touchpoint/" + survey_id->get<std::string>()},
           {"id", *id},
           {"time", *submitted},
           {"datacontenttype", "application/json"},
           {"data", payload}};
    return true;
}

bool unwrap_cloudevent(const json& event, const std::string& at, json& payload, Diagnostics& d) {
    if (!validate_cloudevent(event, at, d)) return false;
    const std::size_t before = d.error_count();
    if (event["type"] != kResponseEventType)
        d.error(pointer_join(at, "type"), std::string("must be \"") + kResponseEventType + "\"");
    const json* content_type = present(event, "datacontenttype");
    const bool json_content = content_type ? is_json_media_type(content_type->get<std::string>()) : false;
    if (const json* encoded = present(event, "data_base64")) {
        // The JSON format makes no assumption about base64 data without a content type.
        if (!json_content) {
            d.error(pointer_join(at, "datacontenttype"),
                    "data_base64 holding a response needs a JSON content type, e.g. application/json");
            return false;
        }
        std::string bytes;
        base64_decode(encoded->get<std::string>(), bytes);  // validated above
        JsonSyntaxError syntax;
        if (!parse_json(bytes, payload, &syntax)) {
            d.error(pointer_join(at, "data_base64"), "the decoded data is not valid JSON at " + syntax.describe());
            return false;
        }
    } else if (event.contains("data")) {
        if (content_type && !json_content) {
            d.error(pointer_join(at, "datacontenttype"), "must be a JSON media type (*/json or */*+json), e.g. application/json");
            return false;
        }
        payload = event["data"];
    } else {
        d.error(pointer_join(at, "data"), "missing: the event must carry the response/1 payload");
        return false;
    }
    if (!payload.is_object()) {
        d.error(pointer_join(at, event.contains("data") ? "data" : "data_base64"),
                "must be the response/1 payload (a JSON object)");
        return false;
    }
    auto pid = payload.find(members::payload::id);
    if (pid == payload.end() || *pid != event["id"])
        d.error(pointer_join(at, "id"), "must equal the payload's id (the idempotency key)");
    return d.error_count() == before;
}

}  // namespace touchpoint
