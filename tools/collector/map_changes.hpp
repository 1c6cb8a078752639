// What changed on a journey map: every touchpoint and stage in one period (day, week, month) of
// the map's responses against the newest earlier period with responses — the core's
// journey::compare_periods, the rule the viewer's change marks follow too, with its two-sample
// tests. A significant drop at a touchpoint queues one webhook alert per touchpoint, metric and
// period (Records::queue_alert_once) — never one per response. The
// ChangeWatcher asks that of every published map on a timer, so a drop is alerted even when nobody
// opens Studio's "What changed".
#pragma once
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/journey/period_changes.hpp"

namespace touchpoint::collector {

struct Collector;

struct ChangeQuery {
    std::string period = journey::default_change_period();  // journey::is_change_period's keys
    std::string at;               // the period to compare; "" = the newest with responses
    double alpha = 0.05;
};

// The comparison as the changes endpoint answers it (docs/openapi.json MapChanges). false: *status
// (404 no responses in `at`, 503 the database) and *message say why.
bool map_changes(Collector& c, const journey::Map& map, const ChangeQuery& q, nlohmann::json* out,
                 int* status, std::string* message);

// The map's stored responses (payload journey.map), aggregated by the core once per grouping.
bool aggregate_map_responses(Collector& c, const std::string& map_id,
                             const std::vector<std::vector<std::string>>& groupings, Aggregator* out,
                             std::string* error);

// A journey/1 text (a string or {"locale": text}) as JSON.
nlohmann::json title_json(const journey::Text& t);

// A metric that may be missing (too few answers), as JSON: its value, or null.
nlohmann::json optional_number(const std::optional<double>& v);

// Every interval_s seconds, map_changes (weekly, the defaults) on the published version of every
// map, for its drop alerts. Runs only with an alert webhook.
class ChangeWatcher {
  public:
    ChangeWatcher(Collector& c, double interval_s);
    ~ChangeWatcher();
    ChangeWatcher(const ChangeWatcher&) = delete;
    ChangeWatcher& operator=(const ChangeWatcher&) = delete;

  private:
    void run();
    void check_all();

    Collector& c_;
    double interval_s_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace touchpoint::collector
