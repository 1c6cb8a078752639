// Localized sentences for refused answers (see messages.cpp).
#pragma once
#include <string>

#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {
std::string answer_message(const Survey& s, const AnswerCheck& check, const Localizer& loc);
}
