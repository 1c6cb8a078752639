// The result layouts' registry (question.hpp, [SECTION] Result layouts): type -> its class's
// layout function. A table of its own, apart from the type registry, so the widget's engine (which
// registers the types but never asks for a layout) carries none of it.
#include <string>
#include <utility>
#include <vector>

#include "survey/question_types.hpp"
#include "touchpoint/survey/question.hpp"

namespace touchpoint {
namespace {
std::vector<std::pair<std::string, ResultLayoutOf>>& layouts() {
    static std::vector<std::pair<std::string, ResultLayoutOf>> table;
    return table;
}
}  // namespace

void register_result_layout(std::string_view type, ResultLayoutOf layout) {
    for (auto& [name, of] : layouts())
        if (name == type) {
            of = layout;
            return;
        }
    layouts().emplace_back(std::string(type), layout);
}

void register_builtin_result_layouts() {
    using namespace questions;
    register_builtin_question_types();
    register_result_layout("ranking", ranking_result);
    register_result_layout("text", text_result);
    register_result_layout("matrix", matrix_result);
    register_result_layout("number", number_result);
    register_result_layout("date", date_result);
    register_result_layout("slider", slider_result);
}

ResultLayout result_layout(const Question& question) {
    for (const auto& [name, of] : layouts())
        if (name == question.type_name) return of(question);
    return {};
}

}  // namespace touchpoint
