// The journey viewer/editor's words: the rows of ui_strings.def, looked up by code in the column
// session/messages.cpp chooses for a locale (the widget's rule, so both surfaces agree).
#include "touchpoint/journey/ui_strings.hpp"

#include "session/messages.hpp"

namespace touchpoint::journey {
namespace {

constexpr int kColumns = 3;  // en, zh-Hans, zh-Hant: the first columns of session/strings.def

struct Row {
    const char* code;
    const char* text[kColumns];
};

const Row kRows[] = {
#define TP_JOURNEY_UI(code, en, hans, hant) {#code, {en, hans, hant}},
#include "ui_strings.def"
#undef TP_JOURNEY_UI
};

int column_of(std::string_view locale) {
    const int column = strings_column(std::string(locale));
    return column < kColumns ? column : 0;
}

}  // namespace

std::string ui_strings_column(std::string_view locale) {
    return strings_column_name(strings_column(std::string(locale)));
}

std::string ui_text(std::string_view code, std::string_view locale,
                    std::initializer_list<std::pair<std::string_view, std::string>> fields) {
    std::string text(code);
    for (const Row& r : kRows)
        if (code == r.code) text = r.text[column_of(locale)];
    for (const auto& [name, value] : fields) {
        const std::string mark = "{" + std::string(name) + "}";
        for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
            text.replace(at, mark.size(), value);
    }
    return text;
}

std::string ui_lane_kind(std::string_view kind, std::string_view locale) {
    std::string code = "lane_" + std::string(kind);
    for (char& c : code)
        if (c == '-') c = '_';
    return ui_text(code, locale);
}

}  // namespace touchpoint::journey
