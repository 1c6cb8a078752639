// Factories and sample answers of the built-in question types, one class each in question_*.cpp;
// only the registry (question.cpp) needs to see them.
#pragma once
#include <memory>
#include <string>
#include <vector>

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
std::unique_ptr<Question> make_slider();
std::unique_ptr<Question> make_cta();

// Their sample answers (question.hpp), registered only by register_builtin_answer_samples().
AnswerSamples scale_samples();
AnswerSamples single_samples();
AnswerSamples multi_samples();
AnswerSamples ranking_samples();
AnswerSamples text_samples();
AnswerSamples matrix_samples();
AnswerSamples number_samples();
AnswerSamples date_samples();
AnswerSamples consent_samples();
AnswerSamples slider_samples();
AnswerSamples cta_samples();

// Their result layouts (question.hpp), registered only by register_builtin_result_layouts(); the
// other types group their answers whole (ResultShape::Groups).
ResultLayout ranking_result(const Question& q);
ResultLayout text_result(const Question& q);
ResultLayout matrix_result(const Question& q);
ResultLayout number_result(const Question& q);
ResultLayout date_result(const Question& q);
ResultLayout slider_result(const Question& q);

// The candidates normalize() accepts as they are, in order: boundary answers that a definition rules
// out (a date outside min..max, more picks than maxPicks) are dropped rather than special-cased.
std::vector<json> accepted(const Question& q, std::vector<json> candidates);

// A number answer's value (number, slider): false, with `out` null, for null (no answer) and for
// anything but a finite number (a type error); else `v`, and `out` as expressions compare it.
bool number_answer(const json& raw, json& out, double& v);

// Trims ASCII and ideographic (U+3000) spaces; used for free text and "other" text.
std::string trim_text(const std::string& s);

}  // namespace touchpoint::questions
