// Factories of the built-in question types, one class each in question_*.cpp; only the registry
// (question.cpp) needs to see them.
#pragma once
#include <memory>

#include "touchpoint/survey/question.hpp"

namespace touchpoint::questions {

std::unique_ptr<Question> make_nps();
std::unique_ptr<Question> make_csat();
std::unique_ptr<Question> make_ces();
std::unique_ptr<Question> make_rating();
std::unique_ptr<Question> make_single();
std::unique_ptr<Question> make_multi();
std::unique_ptr<Question> make_ranking();
std::unique_ptr<Question> make_text();
std::unique_ptr<Question> make_matrix();
std::unique_ptr<Question> make_number();
std::unique_ptr<Question> make_date();
std::unique_ptr<Question> make_consent();

// Trims ASCII and ideographic (U+3000) spaces; used for free text and "other" text.
std::string trim_text(const std::string& s);

}  // namespace touchpoint::questions
