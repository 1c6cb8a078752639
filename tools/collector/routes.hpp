// The collector's HTTP routes, grouped by API. Each install_* adds its handlers to the server;
// they share one Collector (state owned by server.cpp for the server's lifetime).
#pragma once
#include <string>

#include "collector/alert_inbox.hpp"
#include "collector/alerts.hpp"
#include "collector/config.hpp"
#include "collector/display_counts.hpp"
#include "collector/limits.hpp"
#include "collector/storage.hpp"
#include "collector/records.hpp"
#include "collector/scan_parts.hpp"
#include "collector/writer.hpp"

namespace touchpoint::http {
class Server;
struct Request;
struct Response;
}  // namespace touchpoint::http

namespace touchpoint::collector {

struct Collector {
    const ServeConfig& config;
    Storage& storage;
    GroupCommitWriter& writer;
    AlertDispatcher* alerts;  // null without --alert-webhook
    CorsPolicy cors;
    RateLimiter limiter;
    Records* records = nullptr;  // surveys and Studio sessions (records.hpp)
    Records* maps = nullptr;     // journey maps (records.hpp)
    LongPollSlots* long_polls = nullptr;  // waiting feed long polls (limits.hpp); null = no waiting
    AlertInbox* inbox = nullptr; // the alert inbox's assignments, notes, deliveries (alert_inbox.hpp)
    DisplayCounts* displays = nullptr;  // the widget's anonymous display counts (display_counts.hpp)
};

// How this collector cuts a scan of stored payloads into parts (--scan-threads, --scan-part-rows).
inline ScanSplit scan_split(const Collector& c) { return {c.config.scan_threads, c.config.scan_part_rows}; }

void install_ingest_routes(http::Server& server, Collector& c);  // POST /v1/responses
void install_read_routes(http::Server& server, Collector& c);    // GET /v1/aggregates|export|feed|openapi.json
void install_survey_routes(http::Server& server, Collector& c);  // /v1/surveys/ID (public), /v1/studio/...
void install_map_routes(http::Server& server, Collector& c);     // /v1/maps/ID (public), /v1/studio/maps/...
void install_results_routes(http::Server& server, Collector& c); // /v1/studio/surveys/ID/results|export
void install_alert_routes(http::Server& server, Collector& c);   // /v1/studio/alerts..., /v1/alerts/open
void install_display_routes(http::Server& server, Collector& c); // POST /v1/displays, /v1/studio/surveys/ID/displays

// Shared by the routes: a JSON error body {"errors":[{"pointer","message"}]} with a status.
void send_error(http::Response& res, int status, const std::string& pointer, const std::string& message);

}  // namespace touchpoint::collector
