// The sentences a respondent sees when an answer is refused, in English, Simplified and
// Traditional Chinese; a survey may override any of them under "messages" (a text per code).
#include "session/messages.hpp"

#include "survey/survey_sections.hpp"
#include "touchpoint/base/locale.hpp"

namespace touchpoint {
namespace {

struct Message {
    const char* code;
    const char* en;
    const char* hans;
    const char* hant;
};

const Message kMessages[] = {
    {"required", "Please answer this question.", "请回答此问题。", "請回答此問題。"},
    {"type", "This answer is not valid here.", "此答案无效。", "此答案無效。"},
    {"range", "Please choose a value within {n}.", "请选择 {n} 范围内的值。", "請選擇 {n} 範圍內的值。"},
    {"integer", "Please enter a whole number.", "请输入整数。", "請輸入整數。"},
    {"tooLong", "Please use at most {n} characters.", "最多 {n} 个字。", "最多 {n} 個字。"},
    {"unknownChoice", "Please choose one of the options.", "请从选项中选择。", "請從選項中選擇。"},
    {"otherText", "Please describe your other answer.", "请填写“其他”的内容。", "請填寫「其他」的內容。"},
    {"tooFew", "Please pick at least {n}.", "请至少选择 {n} 项。", "請至少選擇 {n} 項。"},
    {"tooMany", "Please pick at most {n}.", "最多选择 {n} 项。", "最多選擇 {n} 項。"},
    {"incomplete", "Please answer every row.", "请完成所有项。", "請完成所有項目。"},
    {"date", "Please enter a date (YYYY-MM-DD).", "请输入日期（年-月-日）。", "請輸入日期（年-月-日）。"},
    {"consent", "Your consent is needed to continue.", "需要您的同意才能继续。", "需要您的同意才能繼續。"},
    {"invalid", "Please check this answer.", "请检查此答案。", "請檢查此答案。"},
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

std::string answer_message(const Survey& s, const AnswerCheck& check, const Localizer& loc) {
    const char* code = code_of(check.error);
    std::string text;
    if (s.messages.is_object() && s.messages.contains(code)) {
        text = loc.text(s.messages[code]);
    } else {
        for (const Message& m : kMessages) {
            if (std::string_view(code) != m.code) continue;
            // The respondent's locale decides the script: zh-TW/zh-HK/zh-Hant read Traditional.
            std::string lang = locale_fallbacks(loc.locale).empty() ? "" : locale_fallbacks(loc.locale).back();
            bool hant = false;
            for (const std::string& f : locale_fallbacks(loc.locale)) hant = hant || f == "zh-Hant";
            text = lang == "zh" ? (hant ? m.hant : m.hans) : m.en;
        }
    }
    std::size_t at = text.find("{n}");
    if (at != std::string::npos) text.replace(at, 3, check.param);
    return text;
}

}  // namespace touchpoint
