// The sentences a respondent sees when an answer is refused (the TP_MESSAGE rows of strings.def, in
// English, Simplified and Traditional Chinese and Arabic), and which column of that table a
// locale reads, for these and for the widget's chrome (TP_UI rows). A survey may override any
// message under "messages" (a text per code).
#include "session/messages.hpp"

#include "survey/survey_sections.hpp"
#include "touchpoint/base/locale.hpp"

namespace touchpoint {
namespace {

struct Message {
    const char* code;
    const char* text[kStringColumns];
};

const Message kMessages[] = {
#define TP_MESSAGE(code, en, hans, hant, ar) {#code, {en, hans, hant, ar}},
#define TP_UI(code, en, hans, hant, ar)
#include "strings.def"
#undef TP_MESSAGE
#undef TP_UI
};

const char* code_of(AnswerError e) {
    switch (e) {
        case AnswerError::Required: return "required";
        case AnswerError::Type: return "type";
        case AnswerError::Range: return "range";
        case AnswerError::NotInteger: return "integer";
        case AnswerError::TooLong: return "tooLong";
        case AnswerError::UnknownChoice: return "unknownChoice";
        case AnswerError::OtherText: return "otherText";
        case AnswerError::TooFew: return "tooFew";
        case AnswerError::TooMany: return "tooMany";
        case AnswerError::Incomplete: return "incomplete";
        case AnswerError::Date: return "date";
        case AnswerError::Consent: return "consent";
        case AnswerError::Invalid:
        case AnswerError::None: break;
    }
    return "invalid";
}

}  // namespace

namespace sections {
bool known_message_code(std::string_view code) {
    for (const Message& m : kMessages)
        if (code == m.code) return true;
    return false;
}
}  // namespace sections

int strings_column(const std::string& locale) {
    // The respondent's locale decides: Chinese by script (zh-TW/zh-HK/zh-Hant read Traditional),
    // Arabic, else English.
    const std::vector<std::string> fallbacks = locale_fallbacks(locale);
    const std::string lang = fallbacks.empty() ? "" : fallbacks.back();
    if (lang == "ar") return 3;
    if (lang != "zh") return 0;
    for (const std::string& f : fallbacks)
        if (f == "zh-Hant") return 2;
    return 1;
}

const char* strings_column_name(int column) {
    static const char* const kNames[kStringColumns] = {"en", "zh-Hans", "zh-Hant", "ar"};
    return kNames[column];
}

std::string answer_message(const Survey& s, const AnswerCheck& check, const Localizer& loc) {
    const char* code = code_of(check.error);
    std::string text;
    if (s.messages.is_object() && s.messages.contains(code)) {
        text = loc.text(s.messages[code]);
    } else {
        const int column = strings_column(loc.locale);
        for (const Message& m : kMessages)
            if (std::string_view(code) == m.code) text = m.text[column];
    }
    std::size_t at = text.find("{n}");
    if (at != std::string::npos) text.replace(at, 3, check.param);
    return text;
}

}  // namespace touchpoint
