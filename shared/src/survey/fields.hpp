// Typed readers for definition fields: each checks the JSON type and range of one field and
// reports a precise Diagnostic at its pointer ("/questions/2/scale: scale out of range ...").
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/survey/question.hpp"

namespace touchpoint::fields {

using nlohmann::json;

// The member `key` of `obj`, or a null when `obj` is not an object or has no such member: safe to
// chain (field(field(survey, "delivery"), "alerts")) under JSON_NOEXCEPTION.
const json& field(const json& obj, const char* key);

// Each returns false (and reports) when the field is present but wrong; an absent field leaves
// `out` untouched and returns true, unless `required` (then it reports "missing").
bool read_bool(const json& obj, const char* key, bool& out, const std::string& ptr, Diagnostics& d);
bool read_int(const json& obj, const char* key, long long& out, long long min, long long max,
              const std::string& ptr, Diagnostics& d, bool required = false);
bool read_number(const json& obj, const char* key, double& out, bool& present, const std::string& ptr, Diagnostics& d);
bool read_string(const json& obj, const char* key, std::string& out, const std::string& ptr, Diagnostics& d,
                 bool required = false, std::size_t max_chars = 200);
bool read_text(const json& obj, const char* key, json& out, const std::string& ptr, const LoadContext& ctx,
               Diagnostics& d, bool required = false);
// One of `allowed` (a null-terminated list).
bool read_enum(const json& obj, const char* key, std::string& out, const char* const* allowed,
               const std::string& ptr, Diagnostics& d);

// Warns of each member of `obj` not in `known` ("unknown field \"x\" is ignored"): one loop for
// every object of survey/1, not a copy per section.
void warn_unknown(const json& obj, const std::string& ptr, std::initializer_list<const char*> known, Diagnostics& d);

// An identifier used as a question, page, score or choice id: 1–64 characters of letters,
// digits, '_', '-' and '.'; must start with a letter or '_' for names used in expressions.
bool valid_id(const std::string& id);

struct Choice {
    std::string value;
    json label;          // text
    bool has_score = false;
    double score = 0;
};

// A list of choices: ["a", {"value":"b","label":{...},"score":3}, ...]; values unique.
bool read_choices(const json& obj, const char* key, std::vector<Choice>& out, const std::string& ptr,
                  const LoadContext& ctx, Diagnostics& d, std::size_t min_count = 1);
json describe_choices(const std::vector<Choice>& choices, const Localizer& loc);
const Choice* find_choice(const std::vector<Choice>& choices, const std::string& value);

}  // namespace touchpoint::fields
