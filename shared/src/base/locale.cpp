#include "touchpoint/base/locale.hpp"

#include <algorithm>
#include <cstdlib>

#include "touchpoint/base/ascii.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint {
namespace {

using ascii::is_alpha;
using ascii::is_digit;
using ascii::lower;
using ascii::upper;

std::vector<std::string_view> split_subtags(std::string_view tag) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= tag.size(); ++i) {
        if (i == tag.size() || tag[i] == '-' || tag[i] == '_') {
            parts.push_back(tag.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

struct Tag {
    std::string language, script, region;
};

Tag parse_tag(std::string_view tag) {
    Tag t;
    std::string canon = locale_canonical(tag);
    auto parts = split_subtags(canon);
    if (parts.empty()) return t;
    t.language = std::string(parts[0]);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].size() == 4 && all_of(parts[i], is_alpha) && t.script.empty() && t.region.empty()) {
            t.script = std::string(parts[i]);
        } else if ((parts[i].size() == 2 && all_of(parts[i], is_alpha)) ||
                   (parts[i].size() == 3 && all_of(parts[i], is_digit))) {
            if (t.region.empty()) t.region = std::string(parts[i]);
        }
    }
    return t;
}

bool iequals(std::string_view a, std::string_view b);

bool known_locale(const std::vector<std::string>& locales, std::string_view tag) {
    for (const std::string& l : locales)
        if (iequals(l, tag)) return true;
    return false;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] == '_' ? '-' : lower(a[i]);
        char y = b[i] == '_' ? '-' : lower(b[i]);
        if (x != y) return false;
    }
    return true;
}

void push_unique(std::vector<std::string>& v, std::string s) {
    if (s.empty()) return;
    for (const auto& e : v)
        if (iequals(e, s)) return;
    v.push_back(std::move(s));
}

// Chinese is the one language whose script matters more than its region for surveys: a Taiwanese
// respondent reads zh-Hant text written for zh-HK before the zh-CN (Simplified) default.
const char* implied_script(const std::string& language, const std::string& region) {
    if (language != "zh") return nullptr;
    if (region == "TW" || region == "HK" || region == "MO") return "Hant";
    if (region == "CN" || region == "SG" || region == "MY") return "Hans";
    return nullptr;
}

}  // namespace

bool locale_equal(std::string_view a, std::string_view b) { return iequals(a, b); }

bool locale_tag_valid(std::string_view tag) {
    if (tag.empty() || tag.size() > 35) return false;
    auto parts = split_subtags(tag);
    if (parts[0].size() < 2 || parts[0].size() > 3 || !all_of(parts[0], is_alpha)) return false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        std::string_view p = parts[i];
        if (p.empty() || p.size() > 8 || !all_of(p, is_alnum)) return false;
    }
    return true;
}

std::string locale_canonical(std::string_view tag) {
    std::string out;
    auto parts = split_subtags(tag);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string_view p = parts[i];
        if (i > 0) out += '-';
        for (std::size_t j = 0; j < p.size(); ++j) {
            char c = p[j];
            if (i == 0) {
                out += lower(c);
            } else if (p.size() == 4 && all_of(p, is_alpha)) {
                out += j == 0 ? upper(c) : lower(c);
            } else if (p.size() == 2 && all_of(p, is_alpha)) {
                out += upper(c);
            } else {
                out += lower(c);
            }
        }
    }
    return out;
}

std::vector<std::string> locale_fallbacks(std::string_view tag) {
    std::vector<std::string> out;
    Tag t = parse_tag(tag);
    if (t.language.empty()) return out;
    push_unique(out, locale_canonical(tag));
    const std::string& l = t.language;
    if (!t.script.empty() && !t.region.empty()) push_unique(out, l + "-" + t.region);
    std::string script = t.script;
    if (script.empty()) {
        if (const char* s = implied_script(l, t.region)) script = s;
    }
    if (!script.empty()) push_unique(out, l + "-" + script);
    if (l == "zh" && !script.empty()) {
        // A script stands for the regions that write it: zh-Hans -> zh-CN, zh-Hant -> zh-TW, zh-HK.
        if (script == "Hans") {
            push_unique(out, "zh-CN");
            push_unique(out, "zh-SG");
        } else if (script == "Hant") {
            push_unique(out, "zh-TW");
            push_unique(out, "zh-HK");
        }
    }
    push_unique(out, l);
    return out;
}

std::string negotiate_locale(std::string_view requested, const std::vector<std::string>& available) {
    if (available.empty()) return "";
    // Accept-Language: "zh-TW,zh;q=0.9,en;q=0.8" — stable sort by q, highest first.
    struct Want {
        std::string tag;
        double q;
    };
    constexpr std::size_t kMaxWants = 64;
    std::vector<Want> wants;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= requested.size(); ++i) {
        if (i < requested.size() && requested[i] != ',') continue;
        std::string_view item = requested.substr(start, i - start);
        start = i + 1;
        double q = 1.0;
        std::size_t semi = item.find(';');
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            item = item.substr(0, semi);
            std::size_t qpos = params.find("q=");
            if (qpos != std::string_view::npos) {
                std::string num(params.substr(qpos + 2));
                q = std::strtod(num.c_str(), nullptr);
            }
        }
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (q > 0 && locale_tag_valid(item)) wants.push_back({std::string(item), q});
        if (wants.size() == kMaxWants) break;  // a longer list is not a browser's
    }
    // Stable insertion sort by q, highest first: a header names a handful of languages (at most
    // kMaxWants are read), and std::stable_sort costs ~3 KB of the widget's wasm.
    for (std::size_t i = 1; i < wants.size(); ++i)
        for (std::size_t j = i; j > 0 && wants[j - 1].q < wants[j].q; --j) std::swap(wants[j - 1], wants[j]);
    for (const Want& w : wants) {
        for (const std::string& cand : locale_fallbacks(w.tag))
            for (const std::string& a : available)
                if (iequals(a, cand)) return a;
        // Same language, any region or script (en-GB asked, only en-US offered).
        std::string lang = parse_tag(w.tag).language;
        for (const std::string& a : available)
            if (parse_tag(a).language == lang) return a;
    }
    return available.front();
}

std::string localize(const nlohmann::json& text, std::string_view locale, std::string_view default_locale) {
    if (text.is_string()) return text.get_ref<const std::string&>();
    if (!text.is_object() || text.empty()) return "";
    auto find = [&](std::string_view key) -> const nlohmann::json* {
        for (auto it = text.begin(); it != text.end(); ++it)
            if (iequals(it.key(), key) && it.value().is_string()) return &it.value();
        return nullptr;
    };
    if (!locale.empty())
        for (const std::string& cand : locale_fallbacks(locale))
            if (const nlohmann::json* v = find(cand)) return v->get_ref<const std::string&>();
    if (!default_locale.empty())
        if (const nlohmann::json* v = find(default_locale)) return v->get_ref<const std::string&>();
    for (auto it = text.begin(); it != text.end(); ++it)
        if (it.value().is_string()) return it.value().get_ref<const std::string&>();
    return "";
}

bool validate_text(const nlohmann::json& value, const std::string& pointer,
                   const std::vector<std::string>& locales, std::size_t max_chars, Diagnostics& diags) {
    auto check_string = [&](const std::string& s, const std::string& ptr) {
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
    if (value.is_string()) return check_string(value.get_ref<const std::string&>(), pointer);
    if (!value.is_object()) {
        diags.error(pointer, "expected a text: a string or a map of locale to string");
        return false;
    }
    if (value.empty()) {
        diags.error(pointer, "a locale map needs at least one translation");
        return false;
    }
    bool ok = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
        std::string ptr = pointer_join(pointer, it.key());
        if (locales.empty() ? !locale_tag_valid(it.key()) : !known_locale(locales, it.key())) {
            diags.error(ptr, locales.empty() ? "\"" + it.key() + "\" is not a locale tag (e.g. \"zh-CN\")"
                                             : "unknown locale \"" + it.key() + "\" (not in /locales)");
            ok = false;
            continue;
        }
        if (!it.value().is_string()) {
            diags.error(ptr, "expected a string");
            ok = false;
            continue;
        }
        ok = check_string(it.value().get_ref<const std::string&>(), ptr) && ok;
    }
    return ok;
}

}  // namespace touchpoint
