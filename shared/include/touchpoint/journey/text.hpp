// A user-visible text of a journey map: one plain string, or one string per locale
// ({"zh-CN": "认知", "en": "Awareness"}) — the same convention as surveys.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint::journey {

// Journey documents keep key order (the first locale of a text is its default, and exports
// should read like the input), so the journey code uses nlohmann's ordered_json throughout.
using Json = nlohmann::ordered_json;

struct Text {
    // (locale, text) in document order; a plain string is stored with the locale "".
    std::vector<std::pair<std::string, std::string>> variants;

    bool empty() const { return variants.empty(); }
    // Best text for `locale`: exact match, then same language ("zh-TW" ~ "zh-HK", "en-GB" ~ "en"),
    // then the first variant (the map's default locale comes first by convention).
    std::string_view get(std::string_view locale) const;
    static Text plain(std::string s);
};

// Reads a string or a {locale: string} object at `pointer`. `max_chars` is in code points.
// Returns false (with an error) on a wrong type, invalid UTF-8 or a text that is too long.
bool parse_text(const Json& j, const std::string& pointer, std::size_t max_chars, Text& out,
                Diagnostics& diags);
// A plain string stays a string; a localized text becomes an object.
Json text_to_json(const Text& t);

}  // namespace touchpoint::journey
