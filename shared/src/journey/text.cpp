// Localized texts of journey maps: lookup with language fallback, JSON reading and writing.
#include "touchpoint/journey/text.hpp"

#include "touchpoint/base/locale.hpp"

namespace touchpoint::journey {
namespace {
std::string_view language_of(std::string_view tag) {
    const std::size_t dash = tag.find_first_of("-_");
    return dash == std::string_view::npos ? tag : tag.substr(0, dash);
}
}  // namespace

std::string_view Text::get(std::string_view locale) const {
    if (variants.empty()) return {};
    for (const auto& v : variants)  // the common case, without allocating
        if (v.first == locale) return v.second;
    // The survey core's fallback chain (zh-Hant-TW -> zh-TW -> zh-Hant -> zh), so a map and a
    // survey shown to the same person pick the same variant (zh-HK finds zh-TW, not zh-CN).
    for (const std::string& candidate : locale_fallbacks(locale))
        for (const auto& v : variants)
            if (locale_equal(v.first, candidate)) return v.second;
    const std::string_view lang = language_of(locale);
    for (const auto& v : variants)
        if (!v.first.empty() && language_of(v.first) == lang) return v.second;
    return variants.front().second;
}

Text Text::plain(std::string s) {
    Text t;
    t.variants.emplace_back(std::string(), std::move(s));
    return t;
}

bool parse_text(const Json& j, const std::string& pointer, std::size_t max_chars, Text& out,
                Diagnostics& diags) {
    out.variants.clear();
    // One definition of a valid text for surveys and maps (UTF-8, length in characters, tags).
    if (!validate_text(j, pointer, {}, max_chars, diags)) return false;
    if (j.is_string()) {
        out.variants.emplace_back(std::string(), j.get<std::string>());
        return true;
    }
    for (auto it = j.begin(); it != j.end(); ++it) out.variants.emplace_back(it.key(), it.value().get<std::string>());
    return true;
}

Json text_to_json(const Text& t) {
    if (t.variants.size() == 1 && t.variants.front().first.empty()) return t.variants.front().second;
    Json obj = Json::object();
    for (const auto& v : t.variants) obj[v.first] = v.second;
    return obj;
}

}  // namespace touchpoint::journey
