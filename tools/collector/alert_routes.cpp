// The alert inbox: every stored response carrying an alert (the core's compute_alert put it in the
// payload: detractor, low CSAT, high effort) with its webhook delivery and what the team did —
// assigned, handled with a note — and time-to-handle against a target, per survey and touchpoint.
//
//   GET  /v1/studio/alerts[?survey=ID][&touchpoint=TP][&state=open|handled|all][&target_minutes=N]  (reader)
//   POST /v1/studio/alerts/RESPONSE_ID {"assignee"?, "handled"?, "note"?}                         (editor + CSRF)
//   GET  /v1/alerts/open?map=MAP   open alerts per touchpoint, for the journey map's overlay
//        (read token or a Studio credential; in --demo also loopback clients, like the read API)
//
// [SECTION] Reading alerts
// [SECTION] Routes
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "collector/alert_inbox.hpp"
#include "collector/clock.hpp"
#include "collector/http/server.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "touchpoint/base/keyed_rows.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultTargetMinutes =  // alert_target.def (Studio shows the target_minutes an answer echoes)
#define TP_ALERT_TARGET_MINUTES(minutes) minutes
#include "collector/alert_target.def"
#undef TP_ALERT_TARGET_MINUTES
    ;

// The inbox's states (alert_states.def): each key, and the one listed when none is asked for.
constexpr KeyedRow kAlertStates[] = {
#define TP_ALERT_STATE(key, is_default) {#key, is_default},
#include "collector/alert_states.def"
#undef TP_ALERT_STATE
};
constexpr std::size_t kListed = 500;                 // alerts listed, newest first (the summary counts all)
constexpr std::size_t kMaxAssignee = 200, kMaxNote = 4000;  // bytes

// [SECTION] Reading alerts ---------------------------------------------------------------------

struct Alert {
    json payload;
    std::int64_t submitted_ms = 0;
};

// Calls found(alert) for every stored response (of `survey`, "" = any) with an alert object.
bool scan_alerts(Collector& c, const std::string& survey, const std::string& map, const std::function<bool(Alert&)>& found) {
    ScanQuery q;
    q.survey = survey;
    q.map = map;
    std::string error;
    return c.storage.scan(q, [&](std::int64_t, const std::string& payload) {
        static const std::string kAlertMember = "\"" + std::string(members::payload::alert) + "\":{";
        if (payload.find(kAlertMember) == std::string::npos) return true;  // canonical JSON: cheap pre-check
        Alert a;
        a.payload = json::parse(payload, nullptr, false);
        if (!a.payload.is_object() || !a.payload.contains(members::payload::alert) ||
            !a.payload[members::payload::alert].is_object())
            return true;
        const json& submitted = a.payload[members::payload::submitted];
        if (submitted.is_string()) a.submitted_ms = parse_iso_utc(submitted.get<std::string>()).value_or(0);
        return found(a);
    }, &error);
}

std::string member(const json& p, const char* object, const char* name) {
    const auto o = p.find(object);
    if (o == p.end() || !o->is_object()) return std::string();
    const auto v = o->find(name);
    return v != o->end() && v->is_string() ? v->get<std::string>() : std::string();
}

// Time-to-handle figures of a set of alerts, against the target.
struct Tally {
    std::int64_t total = 0, open = 0, handled = 0, handled_in_target = 0, open_overdue = 0;
    std::vector<std::int64_t> handle_ms;
    json to_json(const json& key) const {
        std::vector<std::int64_t> sorted = handle_ms;
        std::sort(sorted.begin(), sorted.end());
        json median = sorted.empty() ? json() : json(sorted[sorted.size() / 2]);
        return {{"key", key},         {"total", total},   {"open", open},          {"handled", handled},
                {"handled_in_target", handled_in_target}, {"open_overdue", open_overdue}, {"median_handle_ms", median}};
    }
};

bool may_read_counts(Collector& c, const http::Request& req, http::Response& res) {
    const std::string& a = req.remote_addr;
    const bool loopback = a.rfind("127.", 0) == 0 || a == "::1" || a.rfind("::ffff:127.", 0) == 0;
    if (c.config.demo && loopback && req.get_header_value("Authorization").empty()) return true;
    Caller caller;
    return require_reader(c, req, res, &caller);
}

void database_unavailable(http::Response& res) { send_error(res, 503, "", "the database could not be read or written; retry later"); }

// [SECTION] Routes -----------------------------------------------------------------------------

void list_alerts(Collector& c, const http::Request& req, http::Response& res) {
    Caller caller;
    if (!require_reader(c, req, res, &caller)) return;
    const std::string state = req.has_param("state") ? req.get_param_value("state") : default_key(kAlertStates);
    if (!has_key(kAlertStates, state)) return send_error(res, 400, "", "state must be " + keys_text(kAlertStates));
    std::int64_t target_min = kDefaultTargetMinutes;
    if (req.has_param("target_minutes")) {
        const std::string t = req.get_param_value("target_minutes");
        char* end = nullptr;
        target_min = std::strtoll(t.c_str(), &end, 10);
        if (t.empty() || *end != '\0' || target_min < 1 || target_min > 10080)
            return send_error(res, 400, "", "query parameter target_minutes must be an integer in [1, 10080]");
    }
    const std::int64_t target_ms = target_min * 60000;
    std::vector<AlertHandling> handling;
    std::vector<AlertDelivery> deliveries;
    std::string error;
    if (!c.inbox->handling(&handling, &error) || !c.inbox->deliveries(&deliveries, &error)) return database_unavailable(res);
    std::unordered_map<std::string, const AlertHandling*> by_id;
    for (const AlertHandling& h : handling) by_id[h.response_id] = &h;
    std::unordered_map<std::string, const AlertDelivery*> delivery_of;
    for (const AlertDelivery& d : deliveries) delivery_of[d.response_id] = &d;

    const std::string touchpoint = req.get_param_value("touchpoint");
    const std::int64_t now = now_ms();
    std::vector<json> listed;
    std::map<std::string, Tally> per_survey, per_touchpoint;
    const bool ok = scan_alerts(c, req.get_param_value("survey"), std::string(), [&](Alert& a) {
        const json& p = a.payload;
        const std::string id = p.value(members::payload::id, std::string());
        const std::string tp = member(p, members::payload::journey, members::journey::touchpoint);
        if (!touchpoint.empty() && tp != touchpoint) return true;
        const auto h = by_id.find(id);
        const AlertHandling* handled = h == by_id.end() ? nullptr : h->second;
        const bool is_handled = handled && handled->handled_ms > 0;
        const std::string survey = member(p, members::payload::survey, members::survey::id);
        for (Tally* t : {&per_survey[survey], &per_touchpoint[tp]}) {
            ++t->total;
            if (is_handled) {
                ++t->handled;
                const std::int64_t took = handled->handled_ms - a.submitted_ms;
                t->handle_ms.push_back(took);
                if (took <= target_ms) ++t->handled_in_target;
            } else {
                ++t->open;
                if (now - a.submitted_ms > target_ms) ++t->open_overdue;
            }
        }
        if ((state == "open" && is_handled) || (state == "handled" && !is_handled)) return true;
        json delivery = {{"status", c.alerts ? "queued" : "none"}, {"attempts", 0}};
        const auto d = delivery_of.find(id);
        if (d != delivery_of.end()) {
            const AlertDelivery& x = *d->second;
            delivery = {{"status", x.delivered ? "delivered" : (x.attempts > 0 ? "retrying" : "queued")}, {"attempts", x.attempts}};
            if (x.delivered) delivery["delivered_ms"] = x.delivered_ms;
            else delivery["next_attempt_ms"] = x.next_at_ms;
            if (!x.last_error.empty()) delivery["last_error"] = x.last_error;
        }
        namespace top = members::payload;  // the item repeats the payload's members under their names
        json item = {{top::id, id},
                     {top::survey, survey},
                     {top::submitted, p.value(top::submitted, std::string())},
                     {top::locale, p.value(top::locale, std::string())},
                     {top::journey, p.value(top::journey, json::object())},
                     {top::alert, p[top::alert]},
                     {top::scores, p.value(top::scores, json::object())},
                     {top::answers, p.value(top::answers, json::object())},
                     {"delivery", delivery},
                     {"assignee", handled ? handled->assignee : ""},
                     {"note", handled ? handled->note : ""},
                     {"handled_ms", is_handled ? json(handled->handled_ms) : json()},
                     {"handled_by", handled ? handled->updated_by : ""},
                     {"handle_ms", is_handled ? json(handled->handled_ms - a.submitted_ms) : json()},
                     {"overdue", is_handled ? handled->handled_ms - a.submitted_ms > target_ms : now - a.submitted_ms > target_ms}};
        listed.push_back(std::move(item));
        return true;
    });
    if (!ok) return database_unavailable(res);
    std::stable_sort(listed.begin(), listed.end(), [](const json& x, const json& y) {
        return x[members::payload::submitted] > y[members::payload::submitted];
    });
    const std::size_t matching = listed.size();
    if (listed.size() > kListed) listed.resize(kListed);
    json out = {{"target_minutes", target_min}, {"matching", matching}, {"alerts", listed},
                {"by_survey", json::array()}, {"by_touchpoint", json::array()}};
    for (const auto& [k, t] : per_survey) out["by_survey"].push_back(t.to_json(k));
    for (const auto& [k, t] : per_touchpoint) out["by_touchpoint"].push_back(t.to_json(k.empty() ? json() : json(k)));
    res.set_content(out.dump(), "application/json");
}

void update_alert(Collector& c, const http::Request& req, http::Response& res) {
    Caller caller;
    if (!require_editor(c, req, res, &caller)) return;
    const std::string id = req.matches[1];
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return send_error(res, 400, "", "the body must be a JSON object {\"assignee\", \"handled\", \"note\"}");
    for (const auto& [key, value] : body.items()) {
        if (key == "assignee" || key == "note") {
            if (!value.is_string()) return send_error(res, 400, "/" + key, "expected a string");
            const std::size_t limit = key == "note" ? kMaxNote : kMaxAssignee;
            if (value.get_ref<const std::string&>().size() > limit)
                return send_error(res, 400, "/" + key, "longer than " + std::to_string(limit) + " bytes");
        } else if (key == "handled") {
            if (!value.is_boolean()) return send_error(res, 400, "/handled", "expected true or false");
        } else {
            return send_error(res, 400, "/" + key, "unknown member (use assignee, handled, note)");
        }
    }
    bool exists = false;
    const bool ok = scan_alerts(c, std::string(), std::string(), [&](Alert& a) {
        exists = a.payload.value(members::payload::id, std::string()) == id;
        return !exists;  // stop at the first match
    });
    if (!ok) return database_unavailable(res);
    if (!exists) return send_error(res, 404, "", "no alert for response \"" + id + "\"");
    std::vector<AlertHandling> all;
    std::string error;
    if (!c.inbox->handling(&all, &error)) return database_unavailable(res);
    AlertHandling h;
    h.response_id = id;
    for (const AlertHandling& x : all)
        if (x.response_id == id) h = x;
    const std::int64_t now = now_ms();
    if (body.contains("assignee")) h.assignee = body["assignee"].get<std::string>();
    if (body.contains("note")) h.note = body["note"].get<std::string>();
    if (body.contains("handled")) h.handled_ms = body["handled"].get<bool>() ? (h.handled_ms ? h.handled_ms : now) : 0;
    h.updated_by = caller.author;
    h.updated_ms = now;
    if (!c.inbox->set_handling(h, &error)) return database_unavailable(res);
    res.set_content(json{{"id", id}, {"assignee", h.assignee}, {"note", h.note}, {"handled_ms", h.handled_ms ? json(h.handled_ms) : json()},
                         {"handled_by", h.updated_by}}.dump(),
                    "application/json");
}

void open_counts(Collector& c, const http::Request& req, http::Response& res) {
    if (!may_read_counts(c, req, res)) return;
    std::vector<AlertHandling> handling;
    std::string error;
    if (!c.inbox->handling(&handling, &error)) return database_unavailable(res);
    std::unordered_map<std::string, bool> handled;
    for (const AlertHandling& h : handling) handled[h.response_id] = h.handled_ms > 0;
    std::map<std::string, std::int64_t> open;
    std::int64_t total = 0;
    const bool ok = scan_alerts(c, std::string(), req.get_param_value("map"), [&](Alert& a) {
        const auto h = handled.find(a.payload.value(members::payload::id, std::string()));
        if (h != handled.end() && h->second) return true;
        ++open[member(a.payload, members::payload::journey, members::journey::touchpoint)];
        ++total;
        return true;
    });
    if (!ok) return database_unavailable(res);
    json touchpoints = json::object();
    for (const auto& [tp, n] : open)
        if (!tp.empty()) touchpoints[tp] = n;
    res.set_content(json{{"open", total}, {"touchpoints", touchpoints}}.dump(), "application/json");
}

}  // namespace

void install_alert_routes(http::Server& server, Collector& c) {
    server.Get("/v1/studio/alerts", [&c](const http::Request& req, http::Response& res) { list_alerts(c, req, res); });
    server.Post("/v1/studio/alerts/([A-Za-z0-9._-]{1,64})", [&c](const http::Request& req, http::Response& res) { update_alert(c, req, res); });
    server.Get("/v1/alerts/open", [&c](const http::Request& req, http::Response& res) { open_counts(c, req, res); });
}

}  // namespace touchpoint::collector
