// The hidden fields of the survey records (survey_fields.hpp).
#include "collector/survey_fields.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "collector/routes.hpp"
#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/response/csv.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::collector {

std::vector<std::string> declared_field_ids(Collector& c, const std::string& id) {
    std::vector<std::string> ids;
    if (!c.records) return ids;
    RecordVersion v;
    bool found = false;
    std::string error;
    if (!c.records->get(id, 0, &v, &found, &error) || !found) {
        std::vector<RecordVersion> history;
        if (!c.records->history(id, &history, &error) || history.empty()) return ids;
        if (!c.records->get(id, history.front().number, &v, &found, &error) || !found) return ids;
    }
    register_builtin_question_types();
    Diagnostics diags;
    const std::unique_ptr<Survey> survey = parse_survey(v.body, diags);
    if (survey)
        for (const HiddenField& f : survey->fields) ids.push_back(f.id);
    return ids;
}

std::vector<std::string> all_declared_field_ids(Collector& c) {
    std::vector<RecordSummary> surveys;
    std::string error;
    if (!c.records) return {};
    if (!c.records->list(&surveys, &error)) {
        // The export still streams every response, only without field columns: say why in the log.
        std::fprintf(stderr, "touchpoint serve: export: the survey records could not be listed (%s); no fields.<id> columns\n",
                     error.c_str());
        return {};
    }
    std::sort(surveys.begin(), surveys.end(), [](const RecordSummary& a, const RecordSummary& b) { return a.id < b.id; });
    std::vector<std::vector<std::string>> declared;
    for (const RecordSummary& s : surveys) declared.push_back(declared_field_ids(c, s.id));
    return response_csv_field_union(declared);
}

}  // namespace touchpoint::collector
