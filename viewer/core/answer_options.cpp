// The choices of the any-answer filter: the core's answer_values query over the loaded responses,
// computed once per response set, lazily, when the filter is first shown. The query reads every
// response (22-40 ms for 4,500 in the browser; 87 ms of a 220 ms first frame, on a loaded machine,
// when it parsed each one whole), so the frame that first shows new responses goes without the
// pickers: they appear in the next one.
#include "viewer.hpp"

namespace tpviewer {

using json = nlohmann::json;

const AnswerOptions& answer_options(Viewer& v) {
    AnswerOptions& o = v.answer_options;
    if (o.source_size == v.responses.size() && o.source_data == v.responses.data()) return o;
    o = {};
    o.source_size = v.responses.size();
    o.source_data = v.responses.data();
    o.questions = touchpoint::answer_values(v.responses);
    return o;
}

const AnswerOptions* answer_options_settled(Viewer& v) {
    AnswerOptions& o = v.answer_options;
    if (o.source_size == v.responses.size() && o.source_data == v.responses.data()) return &o;
    if (o.deferred_size != v.responses.size() || o.deferred_data != v.responses.data()) {
        o.deferred_size = v.responses.size();
        o.deferred_data = v.responses.data();
        return nullptr;
    }
    return &answer_options(v);
}

std::string answer_options_json(Viewer& v) {
    json out = {{"questions", json::array()}, {"question", v.filter.question}, {"value", v.filter.value}};
    for (const auto& [question, values] : answer_options(v).questions)
        out["questions"].push_back({{"id", question}, {"values", values}});
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tpviewer
