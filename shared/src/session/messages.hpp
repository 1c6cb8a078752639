// Localized sentences for refused answers, and the column of the strings table (strings.def) a
// locale reads (see messages.cpp).
#pragma once
#include <string>

#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {
constexpr int kStringColumns = 4;  // en, zh-Hans, zh-Hant, ar: the columns of strings.def
int strings_column(const std::string& locale);
const char* strings_column_name(int column);  // "en", "zh-Hans", "zh-Hant", "ar"
std::string answer_message(const Survey& s, const AnswerCheck& check, const Localizer& loc);
}
