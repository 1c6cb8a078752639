// What changed on a journey map, and the watcher that alerts drops (map_changes.hpp).
#include "collector/map_changes.hpp"

#include <chrono>
#include <utility>

#include "collector/routes.hpp"
#include "touchpoint/journey/period_changes.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

json change_json(const stats::Change& ch) {
    return {{"delta", ch.delta},
            {"standardError", ch.standard_error},
            {"statistic", ch.statistic},
            {"df", ch.df},
            {"p", ch.p_value},
            {"testable", ch.testable},
            {"significant", ch.significant}};
}

json side_json(const journey::Scores& s) {
    return {{"n", s.n},
            {"nps", optional_number(s.nps)},
            {"npsN", s.nps_n},
            {"csat", optional_number(s.csat)},
            {"csatN", s.csat_n}};
}

}  // namespace

bool map_changes(Collector& c, const journey::Map& map, const ChangeQuery& q, json* out, int* status,
                 std::string* message) {
    const std::string& id = map.id;
    const std::string& period_key = q.period;
    const double alpha = q.alpha;
    Aggregator agg;
    std::string error;
    if (!aggregate_map_responses(c, id, {{period_key, "touchpoint"}, {period_key, "stage"}}, &agg, &error))
        return *status = 503, *message = "the database could not be read; retry later", false;
    const json by_tp = agg.result(0), by_stage = agg.result(1);
    // The period asked for (default: the newest with responses) against the newest before it: the
    // core's rule, the same the viewer's change marks follow.
    const journey::PeriodChanges pc = journey::compare_periods(map, &by_tp, &by_stage, period_key, q.at, alpha);
    if (!q.at.empty() && pc.at.empty())
        return *status = 404, *message = "no responses in " + period_key + " \"" + q.at + "\"", false;
    const std::string& at = pc.at;
    const std::string& before = pc.before;
    const journey::Overlay& a = pc.overlay_before;
    const journey::Overlay& b = pc.overlay_at;
    const journey::Changes& changes = pc.changes;

    json alerts = json::array();
    json touchpoints = json::array();
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) {
        const journey::Touchpoint& t = map.touchpoints[i];
        const journey::MetricChange& ch = changes.touchpoints[i];
        touchpoints.push_back({{"touchpoint", t.id},
                               {"stage", t.stage},
                               {"title", title_json(t.title)},
                               {"before", side_json(a.touchpoints[i])},
                               {"after", side_json(b.touchpoints[i])},
                               {"nps", change_json(ch.nps)},
                               {"csat", change_json(ch.csat)}});
        for (const auto& [metric, change] :
             {std::pair<const char*, const stats::Change*>{"nps", &ch.nps}, {"csat", &ch.csat}}) {
            if (!change->significant || change->delta >= 0 || !c.alerts) continue;
            const std::string key = "change:" + id + "/" + t.id + "/" + metric + "/" + period_key + ":" + at;
            const json body = {{"type", "dev.touchpoint.change.v1"},
                               {"change_kind", "drop"},
                               {"map", id},
                               {"stage", t.stage},
                               {"touchpoint", t.id},
                               {"metric", metric},
                               {"period", period_key},
                               {"at", at},
                               {"before", before},
                               {"change", change_json(*change)}};
            bool queued = false;
            if (!c.maps->queue_alert_once(key, body.dump(), &queued, &error))
                return *status = 503, *message = "the alert could not be queued; retry later", false;
            if (queued) c.alerts->wake();
            alerts.push_back({{"touchpoint", t.id}, {"metric", metric}, {"queued", queued}});
        }
    }
    json stages = json::array();
    for (std::size_t i = 0; i < map.stages.size(); ++i) {
        const journey::MetricChange& ch = changes.stages[i];
        stages.push_back({{"stage", map.stages[i].id},
                          {"title", title_json(map.stages[i].title)},
                          {"before", side_json(a.stages[i])},
                          {"after", side_json(b.stages[i])},
                          {"nps", change_json(ch.nps)},
                          {"csat", change_json(ch.csat)}});
    }
    *out = json{{"map", id},
                {"period", period_key},
                {"at", at},
                {"before", before},
                {"alpha", alpha},
                {"periods", pc.periods},
                {"touchpoints", touchpoints},
                {"stages", stages},
                {"alerts", alerts}};
    return true;
}

bool aggregate_map_responses(Collector& c, const std::string& map_id,
                             const std::vector<std::vector<std::string>>& groupings, Aggregator* out,
                             std::string* error) {
    ScanQuery q;
    q.map = map_id;
    std::vector<Aggregator> scanned;
    if (!aggregate_stored(c.storage, q, scan_split(c), [&] { return one_aggregator(Aggregator::for_groupings(groupings)); }, &scanned, error))
        return false;
    *out = std::move(scanned.front());
    return true;
}

json title_json(const journey::Text& t) {
    return json::parse(journey::text_to_json(t).dump(), nullptr, false);
}

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

ChangeWatcher::ChangeWatcher(Collector& c, double interval_s)
    : c_(c), interval_s_(interval_s), thread_([this] { run(); }) {}

ChangeWatcher::~ChangeWatcher() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void ChangeWatcher::run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::duration<double>(interval_s_), [this] { return stopping_; })) {
        lock.unlock();
        check_all();
        lock.lock();
    }
}

void ChangeWatcher::check_all() {
    std::vector<RecordSummary> maps;
    std::string error;
    if (!c_.maps->list(&maps, &error)) return;  // the database is down: the next round retries
    for (const RecordSummary& m : maps) {
        if (m.published == 0) continue;
        RecordVersion v;
        bool found = false;
        if (!c_.maps->get(m.id, 0, &v, &found, &error) || !found) continue;
        Diagnostics d;
        const std::optional<journey::Map> map = journey::parse_map(v.body, d);
        json out;
        int status = 0;
        if (map) map_changes(c_, *map, ChangeQuery{}, &out, &status, &error);
    }
}

}  // namespace touchpoint::collector
