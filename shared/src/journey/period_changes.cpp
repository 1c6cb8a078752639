// One period of a map's responses against the one before (see period_changes.hpp).
#include "touchpoint/journey/period_changes.hpp"

#include <iterator>
#include <set>

#include "touchpoint/base/keyed_rows.hpp"

namespace touchpoint::journey {
namespace {

using nlohmann::json;

bool in_period(const json& g, const std::string& key, const std::string* period) {
    const auto k = g.find("key");
    if (k == g.end() || !k->is_object()) return false;
    const auto p = k->find(key);
    if (p == k->end() || !p->is_string()) return false;
    return !period || p->get_ref<const std::string&>() == *period;
}

// The groups of one period, as a result bind_overlay reads (its extra key is ignored there).
json period_groups(const json* result, const std::string& key, const std::string& period) {
    json out = {{"groups", json::array()}};
    if (!result || !result->is_object() || period.empty()) return out;
    const auto groups = result->find("groups");
    if (groups == result->end() || !groups->is_array()) return out;
    for (const json& g : *groups)
        if (in_period(g, key, &period)) out["groups"].push_back(g);
    return out;
}

constexpr KeyedRow kChangePeriods[] = {
#define TP_CHANGE_PERIOD(key, is_default) {#key, is_default},
#include "change_periods.def"
#undef TP_CHANGE_PERIOD
};

}  // namespace

bool is_change_period(std::string_view key) { return has_key(kChangePeriods, key); }
const char* default_change_period() { return default_key(kChangePeriods); }
std::string change_periods_text() { return keys_text(kChangePeriods); }

PeriodChanges compare_periods(const Map& map, const json* by_tp, const json* by_stage, const std::string& key,
                              const std::string& at, double alpha) {
    PeriodChanges out;
    std::set<std::string> periods;
    if (by_tp && by_tp->is_object() && by_tp->contains("groups") && (*by_tp)["groups"].is_array())
        for (const json& g : (*by_tp)["groups"])
            if (in_period(g, key, nullptr)) periods.insert(g["key"][key].get<std::string>());
    out.periods.assign(periods.begin(), periods.end());
    out.at = at.empty() && !periods.empty() ? *periods.rbegin() : at;
    const auto it = periods.find(out.at);
    if (it == periods.end()) out.at.clear();
    else if (it != periods.begin()) out.before = *std::prev(it);
    const json tp_a = period_groups(by_tp, key, out.before), tp_b = period_groups(by_tp, key, out.at);
    const json st_a = period_groups(by_stage, key, out.before), st_b = period_groups(by_stage, key, out.at);
    out.overlay_before = bind_overlay(map, &tp_a, by_stage ? &st_a : nullptr);
    out.overlay_at = bind_overlay(map, &tp_b, by_stage ? &st_b : nullptr);
    out.changes = compare_overlays(out.overlay_before, out.overlay_at, alpha);
    return out;
}

}  // namespace touchpoint::journey
