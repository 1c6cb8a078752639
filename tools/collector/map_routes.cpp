// Journey maps in the collector: records like surveys (record_routes.cpp), plus what a map adds,
// all computed by the core over the stored responses of the map (payload journey.map):
// - coverage: which touchpoints no published survey measures, and how many more answers each
//   measured one needs for a target margin of error (journey/coverage.hpp: coverage());
// - a survey for an unmeasured touchpoint: a template with the journey link filled in
//   (survey_for_touchpoint), for Studio to open as a new draft;
// - what changed: each touchpoint and stage in one period against the period before
//   (map_changes.hpp, which also raises the drop alerts).
//
// [SECTION] Helpers
// [SECTION] Coverage
// [SECTION] Changes
// [SECTION] Routes
#include <nlohmann/json.hpp>
#include "collector/http/server.hpp"

#include <map>
#include <set>

#include "collector/ingest.hpp"
#include "collector/map_changes.hpp"
#include "collector/record_routes.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "touchpoint/journey/coverage.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// [SECTION] Helpers ----------------------------------------------------------------------------

const char* const kMapPath = "/v1/studio/maps/([A-Za-z0-9._:-]{1,100})";

// The newest version of a map (the one Studio edits), parsed by the core. false = answered.
bool load_map(Collector& c, const std::string& id, journey::Map* out, http::Response& res) {
    std::vector<RecordVersion> history;
    std::string error;
    if (!c.maps->history(id, &history, &error))
        return send_error(res, 503, "", "the map records could not be read; retry later"), false;
    if (history.empty()) return send_error(res, 404, "", "no map \"" + id + "\""), false;
    RecordVersion v;
    bool found = false;
    if (!c.maps->get(id, history.front().number, &v, &found, &error) || !found)
        return send_error(res, 503, "", "the map records could not be read; retry later"), false;
    Diagnostics d;
    std::optional<journey::Map> map = journey::parse_map(v.body, d);
    if (!map) return send_error(res, 500, "", "the stored map no longer parses"), false;
    *out = std::move(*map);
    return true;
}

// The map's responses, aggregated by the core. false = answered (503).
bool aggregate_map(Collector& c, const std::string& map_id,
                   const std::vector<std::vector<std::string>>& groupings, Aggregator* out,
                   http::Response& res) {
    std::string error;
    if (!aggregate_map_responses(c, map_id, groupings, out, &error))
        return send_error(res, 503, "", "the database could not be read; retry later"), false;
    return true;
}

bool number_param(const http::Request& req, const char* name, double min, double max, double* out,
                  http::Response& res) {
    if (!req.has_param(name)) return true;
    const std::string text = req.get_param_value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= min && v <= max)) {
        send_error(res, 400, "",
                   std::string("query parameter ") + name + " must be a number in [" + json(min).dump() +
                       ", " + json(max).dump() + "]");
        return false;
    }
    *out = v;
    return true;
}

// [SECTION] Coverage ---------------------------------------------------------------------------

// The question ids of each published survey a map's metrics name, read once per survey (a map
// may bind thousands of metrics to a few surveys). A draft-only survey has none: a metric bound
// to a draft, or to a question the published version lacks, measures nothing yet.
class PublishedQuestions {
  public:
    explicit PublishedQuestions(Collector& c) : c_(c) {}
    bool has(const std::string& survey, const std::string& question) {
        auto it = ids_.find(survey);
        if (it == ids_.end()) it = ids_.emplace(survey, read(survey)).first;
        return it->second.count(question) > 0;
    }

  private:
    std::set<std::string> read(const std::string& survey) {
        std::set<std::string> out;
        RecordVersion v;
        bool found = false;
        std::string error;
        if (!c_.records->get(survey, 0, &v, &found, &error) || !found) return out;
        const json doc = json::parse(v.body, nullptr, false);
        if (!doc.is_object() || !doc.contains("questions") || !doc["questions"].is_array()) return out;
        for (const json& q : doc["questions"]) {
            if (q.is_object() && q.contains("id") && q["id"].is_string())
                out.insert(q["id"].get<std::string>());
        }
        return out;
    }

    Collector& c_;
    std::map<std::string, std::set<std::string>> ids_;
};

void serve_coverage(Collector& c, const http::Request& req, http::Response& res, const std::string& id) {
    journey::CoverageTarget target;
    if (!number_param(req, "nps", 1, 200, &target.nps_moe, res) ||
        !number_param(req, "csat", 1, 100, &target.csat_moe, res))
        return;
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    // Only metrics bound to a question of a published survey count as measuring.
    journey::Map measured = map;
    std::vector<std::string> unpublished;
    measured.metrics.clear();
    PublishedQuestions published(c);
    for (const journey::Metric& m : map.metrics) {
        if (m.survey.empty() || m.question.empty()) continue;
        if (published.has(m.survey, m.question))
            measured.metrics.push_back(m);
        else
            unpublished.push_back(m.id);
    }
    Aggregator agg;
    if (!aggregate_map(c, id, {{"touchpoint"}, {"stage"}}, &agg, res)) return;
    const json by_tp = agg.result(0), by_stage = agg.result(1);
    const journey::Overlay overlay = journey::bind_overlay(measured, &by_tp, &by_stage);
    json rows = json::array();
    for (const journey::CoverageRow& r : journey::coverage(measured, overlay, target)) {
        const journey::Touchpoint& t = map.touchpoints[static_cast<std::size_t>(r.touchpoint)];
        rows.push_back({{"touchpoint", t.id},
                        {"stage", t.stage},
                        {"title", title_json(t.title)},
                        {"metrics", r.metrics},
                        {"measured", r.measured},
                        {"n", r.n},
                        {"npsMoe", optional_number(r.nps_moe)},
                        {"npsNeeded", r.nps_needed},
                        {"csatMoe", optional_number(r.csat_moe)},
                        {"csatNeeded", r.csat_needed},
                        {"meetsTarget", r.meets_target}});
    }
    res.set_content(json{{"map", id},
                         {"target", {{"nps", target.nps_moe}, {"csat", target.csat_moe}}},
                         {"touchpoints", rows},
                         {"unpublishedMetrics", unpublished}}
                        .dump(),
                    "application/json");
}

// {"template": survey/1 document, "id": new survey id} → the template bound to the touchpoint.
void serve_survey_for_touchpoint(Collector& c, const http::Request& req, http::Response& res,
                                 const std::string& id, const std::string& touchpoint) {
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object())
        return send_error(res, 400, "", "expected {\"template\": {survey/1}, \"id\": \"new-survey-id\"}");
    if (!body.contains("template") || !body["template"].is_object())
        return send_error(res, 400, "/template", "expected a survey/1 object");
    if (!body.contains("id") || !body["id"].is_string())
        return send_error(res, 400, "/id", "expected the new survey's id");
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    const int index = map.touchpoint_index(touchpoint);
    if (index < 0)
        return send_error(res, 404, "", "map \"" + id + "\" has no touchpoint \"" + touchpoint + "\"");
    res.set_content(
        journey::survey_for_touchpoint(body["template"], map, index, body["id"].get<std::string>()).dump(),
        "application/json");
}

// [SECTION] Changes ----------------------------------------------------------------------------

void serve_changes(Collector& c, const http::Request& req, http::Response& res, const std::string& id) {
    ChangeQuery q;
    if (req.has_param("period")) q.period = req.get_param_value("period");
    if (!journey::is_change_period(q.period))
        return send_error(res, 400, "", "period must be " + journey::change_periods_text());
    if (!number_param(req, "alpha", 0.0001, 0.5, &q.alpha, res)) return;
    q.at = req.get_param_value("at");
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    json out;
    int status = 200;
    std::string message;
    if (!map_changes(c, map, q, &out, &status, &message)) return send_error(res, status, "", message);
    res.set_content(out.dump(), "application/json");
}

}  // namespace

// [SECTION] Routes -----------------------------------------------------------------------------

void install_map_routes(http::Server& server, Collector& c) {
    install_map_records(server, c);
    server.Get(std::string(kMapPath) + "/coverage", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (require_reader(c, req, res, &caller)) serve_coverage(c, req, res, req.matches[1]);
    });
    // Reads only (nothing is stored): a reader may ask; saving the survey needs an editor.
    server.Post(std::string(kMapPath) + "/touchpoints/([A-Za-z0-9._:-]{1,100})/survey",
                [&c](const http::Request& req, http::Response& res) {
                    Caller caller;
                    if (require_reader(c, req, res, &caller))
                        serve_survey_for_touchpoint(c, req, res, req.matches[1], req.matches[2]);
                });
    server.Get(std::string(kMapPath) + "/changes", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (require_reader(c, req, res, &caller)) serve_changes(c, req, res, req.matches[1]);
    });
}

}  // namespace touchpoint::collector
