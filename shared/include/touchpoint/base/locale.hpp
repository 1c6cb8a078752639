// Localized text and locale negotiation. Every user-visible text of a survey is either a plain
// string or a locale map ({"zh-CN": "…", "en": "…"}); the session picks one locale for the whole
// survey by negotiation (zh-Hant-TW -> zh-TW -> zh-Hant -> zh -> default), so a respondent never
// sees a page that mixes languages unless a translation is missing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

// A syntactically valid BCP 47 tag of the kinds surveys use: language (2–3 letters), optional
// script (4 letters), optional region (2 letters or 3 digits), optional variants. "zh-Hant-TW".
bool locale_tag_valid(std::string_view tag);

// Canonical case: language lower, script title, region upper ("ZH-hant-tw" -> "zh-Hant-TW").
std::string locale_canonical(std::string_view tag);

// Tags compare case-insensitively, "_" as "-" ("zh_hant" == "zh-Hant").
bool locale_equal(std::string_view a, std::string_view b);

// The candidates tried, best first, for one requested tag: itself, without script, with only
// language+script, the script implied by a Chinese region (zh-TW -> zh-Hant, zh-CN -> zh-Hans)
// and the regions implied by a script (zh-Hans -> zh-CN), then the bare language.
std::vector<std::string> locale_fallbacks(std::string_view tag);

// Picks one of `available` (survey locales, default first) for `requested`, which may be a single
// tag or an Accept-Language list ("zh-TW,zh;q=0.9,en;q=0.8"). Matching ignores case; when nothing
// matches, the first available locale (the survey default) is returned; "" if none available.
std::string negotiate_locale(std::string_view requested, const std::vector<std::string>& available);

// Resolves a text (string or locale map) for `locale`: exact key, then its fallbacks, then
// `default_locale`, then the first entry. A non-text value yields "".
std::string localize(const nlohmann::json& text, std::string_view locale, std::string_view default_locale);

// Checks that `value` at `pointer` is a text: a string, or an object of locale -> string whose keys
// are among `locales` (an unknown locale is an error; an empty map too). With no `locales` (journey
// maps), any well-formed tag is accepted. Lengths in code points. Returns false when an error was added.
bool validate_text(const nlohmann::json& value, const std::string& pointer,
                   const std::vector<std::string>& locales, std::size_t max_chars, Diagnostics& diags);

}  // namespace touchpoint
