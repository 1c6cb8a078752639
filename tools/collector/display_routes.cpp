// The widget's anonymous display counts (displays/1, docs/displays.md):
//   POST /v1/displays                        a batch of counts; public like POST /v1/responses (a
//                                            widget has no credential), rate-limited per client and
//                                            CORS-checked the same way; a retried batch adds nothing
//   GET  /v1/studio/surveys/ID/displays      response rate (completed / shown) and dismissals per
//                                            day and version, drop-off per question; the read token
//                                            or a Studio session; from=DAY&to=DAY as for results
// The core reads a batch (read_displays) and makes the figures (display_report); nothing here
// re-implements either.
#include <nlohmann/json.hpp>

#include "collector/http/server.hpp"
#include "collector/ingest.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "touchpoint/aggregate/displays.hpp"
#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/response/cloudevent.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

void receive(Collector& c, const http::Request& req, http::Response& res) {
    // The client address is only a rate-limit key, held in memory; it is never stored or logged.
    if (const int wait_s = c.limiter.acquire(req.remote_addr)) {
        res.set_header("Retry-After", std::to_string(wait_s));
        return send_error(res, 429, "", "too many requests from this client: retry after " + std::to_string(wait_s) + " s");
    }
    const std::string type = media_type_essence(req.get_header_value("Content-Type"));
    if (type != "application/json" && type != "text/plain" && !type.empty())
        return send_error(res, 415, "", "unsupported content type \"" + type + "\": send application/json or text/plain");
    Diagnostics d;
    json doc;
    if (!parse_json(req.body, doc, d, "the body")) {
        res.status = 400;
        return res.set_content(errors_json(d), "application/json");
    }
    DisplayBatch batch;
    d = read_displays(doc, &batch);
    if (d.has_errors()) {
        res.status = 400;
        return res.set_content(errors_json(d), "application/json");
    }
    std::string error;
    // nlohmann objects keep keys sorted: the dump is canonical, so a retry hashes the same.
    switch (c.displays->add(batch, sha256_hex(doc.dump()), &error)) {
    case DisplayAdd::Stored:
        return res.set_content(json{{"rows", batch.counts.size()}, {"duplicate", false}}.dump(), "application/json");
    case DisplayAdd::Duplicate:  // acknowledged, so the widget stops retrying; counted once
        return res.set_content(json{{"rows", 0}, {"duplicate", true}}.dump(), "application/json");
    case DisplayAdd::Conflict:
        return send_error(res, 422, "/id", "batch " + batch.id + " was already received with other counts; a retry must resend it unchanged");
    case DisplayAdd::Failed:
        std::fprintf(stderr, "touchpoint serve: storing display counts failed: %s\n", error.c_str());
        res.set_header("Retry-After", "1");
        return send_error(res, 503, "", "the counts could not be stored; retry later");
    }
}

bool is_day_or_empty(const std::string& s) { return s.empty() || (s.size() == 10 && parse_iso_utc(s).has_value()); }

void report(Collector& c, const http::Request& req, http::Response& res) {
    Caller caller;
    if (!require_reader(c, req, res, &caller)) return;
    const std::string id = req.matches[1];
    const std::string from = req.get_param_value("from"), to = req.get_param_value("to");
    if (!is_day_or_empty(from) || !is_day_or_empty(to)) return send_error(res, 400, "", "from and to must be UTC days YYYY-MM-DD");
    std::vector<DisplayCount> rows;
    std::string error;
    if (!c.displays->rows(id, from, to, &rows, &error)) return send_error(res, 503, "", "the database could not be read; retry later");
    // The survey's question order for the drop-off, from its newest version (published or draft).
    std::vector<std::string> order;
    RecordVersion v;
    bool found = false;
    std::vector<RecordVersion> history;
    if (c.records->history(id, &history, &error) && !history.empty() && c.records->get(id, history.front().number, &v, &found, &error) && found) {
        const json survey = json::parse(v.body, nullptr, false);
        if (survey.is_object() && survey.contains("questions") && survey["questions"].is_array())
            for (const json& q : survey["questions"])
                if (q.is_object() && q.contains("id") && q["id"].is_string()) order.push_back(q["id"].get<std::string>());
    }
    json out = display_report(rows, order);
    out["survey"] = id;
    out["filter"] = {{"from", from}, {"to", to}};
    res.set_content(out.dump(), "application/json");
}

}  // namespace

void install_display_routes(http::Server& server, Collector& c) {
    server.Post("/v1/displays", [&c](const http::Request& req, http::Response& res) { receive(c, req, res); });
    server.Get("/v1/studio/surveys/([A-Za-z0-9._-]{1,64})/displays",
               [&c](const http::Request& req, http::Response& res) { report(c, req, res); });
}

}  // namespace touchpoint::collector
