// Open alerts on the map: how many alerts (detractor, low CSAT, high effort) at each touchpoint
// nobody has handled yet, as the collector that serves the map counts them (GET /v1/alerts/open).
// The viewer only shows the counts it is handed — the embedder fetches them (the element does,
// from its data source), so an offline map simply has none. Drawn as a badge on the card
// (map_view.cpp), said in the tooltip (panels.cpp) and in the DOM table (table_json).
#include <cstdio>

#include "viewer.hpp"

namespace tpviewer {

using json = nlohmann::json;

std::string set_open_alerts(Viewer& v, const std::string& answer) {
    if (answer.empty()) {
        v.has_alerts = false;
        v.open_alerts.clear();
        v.table_dirty = true;
        return "";
    }
    const json parsed = json::parse(answer, nullptr, false);
    if (!parsed.is_object()) return "alerts: expected the collector's JSON object {\"touchpoints\": {\"ID\": n}}";
    const auto tps = parsed.find("touchpoints");
    if (tps == parsed.end() || !tps->is_object()) return "alerts/touchpoints: expected an object of counts by touchpoint id";
    std::unordered_map<std::string, long long> counts;
    for (const auto& [id, n] : tps->items()) {
        if (!n.is_number_integer() || n.get<long long>() < 0)
            return "alerts/touchpoints/" + id + ": expected a whole number of open alerts (0 or more)";
        counts[id] = n.get<long long>();
    }
    v.open_alerts = std::move(counts);
    v.has_alerts = true;
    v.table_dirty = true;
    return "";
}

long long open_alerts_at(const Viewer& v, std::size_t i) {
    if (!v.has_alerts || i >= v.map.touchpoints.size()) return -1;
    const auto it = v.open_alerts.find(v.map.touchpoints[i].id);
    return it == v.open_alerts.end() ? 0 : it->second;
}

std::string open_alerts_text(const Viewer& v, long long n) {
    return ui_text(v, n == 1 ? "openAlertsOne" : "openAlertsMany", {{"n", std::to_string(n)}});
}

}  // namespace tpviewer
