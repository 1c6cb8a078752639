// Localized texts of journey maps: lookup with language fallback, JSON reading and writing.
#include "touchpoint/journey/text.hpp"

#include "touchpoint/utf8.hpp"

namespace touchpoint::journey {
namespace {
std::string_view language_of(std::string_view tag) {
    const std::size_t dash = tag.find_first_of("-_");
    return dash == std::string_view::npos ? tag : tag.substr(0, dash);
}
}  // namespace

std::string_view Text::get(std::string_view locale) const {
    if (variants.empty()) return {};
    for (const auto& v : variants)
        if (v.first == locale) return v.second;
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
    auto check = [&](const std::string& s, const std::string& ptr) {
        if (!utf8_valid(s)) {
            diags.error(ptr, "text is not valid UTF-8");
            return false;
        }
        if (utf8_length(s) > max_chars) {
            diags.error(ptr, "text is longer than " + std::to_string(max_chars) + " characters");
            return false;
        }
        return true;
    };
    out.variants.clear();
    if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        if (!check(s, pointer)) return false;
        out.variants.emplace_back(std::string(), s);
        return true;
    }
    if (!j.is_object()) {
        diags.error(pointer, "expected a string or an object of {locale: text}");
        return false;
    }
    if (j.empty()) {
        diags.error(pointer, "a localized text needs at least one locale");
        return false;
    }
    bool ok = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string ptr = pointer_join(pointer, it.key());
        if (!it.value().is_string()) {
            diags.error(ptr, "expected a string");
            ok = false;
            continue;
        }
        const std::string& s = it.value().get_ref<const std::string&>();
        if (!check(s, ptr)) {
            ok = false;
            continue;
        }
        out.variants.emplace_back(it.key(), s);
    }
    return ok;
}

Json text_to_json(const Text& t) {
    if (t.variants.size() == 1 && t.variants.front().first.empty()) return t.variants.front().second;
    Json obj = Json::object();
    for (const auto& v : t.variants) obj[v.first] = v.second;
    return obj;
}

}  // namespace touchpoint::journey
