// The read API: GET /v1/export, /v1/feed and /v1/aggregates, all behind the bearer token, and
// the API's own description, GET /v1/openapi.json (public: it describes, it reveals nothing).
//
// [SECTION] Authorization
// [SECTION] Query parameters
// [SECTION] Routes
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>

#include "collector/http/server.hpp"
#include "collector/openapi.hpp"
#include "collector/rollups.hpp"
#include "collector/routes.hpp"
#include "collector/survey_fields.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/csv.hpp"

namespace touchpoint::collector {
namespace {

// [SECTION] Authorization ----------------------------------------------------------------------

// Token comparison in constant time for a given length (the length itself is not secret).
bool constant_time_equal(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || b.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

bool is_loopback(const std::string& addr) {
    return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

// --token set: the request must carry it. Demo mode: loopback clients may also read without it
// (the demo's journey page runs in the developer's own browser). Otherwise the read API is closed.
bool authorize(const Collector& c, const http::Request& req, http::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    if (!c.config.token.empty() && auth.rfind("Bearer ", 0) == 0 && constant_time_equal(auth.substr(7), c.config.token)) return true;
    if (c.config.demo && is_loopback(req.remote_addr)) return true;
    res.set_header("WWW-Authenticate", "Bearer realm=\"touchpoint\"");
    send_error(res, 401, "",
               c.config.token.empty() ? "the read API is closed: start the collector with --token"
                                      : "missing or wrong token: send Authorization: Bearer TOKEN");
    return false;
}

// [SECTION] Query parameters -------------------------------------------------------------------

bool int_param(const http::Request& req, const char* name, std::int64_t min, std::int64_t max, std::int64_t* out,
               http::Response& res) {
    if (!req.has_param(name)) return true;
    const std::string v = req.get_param_value(name);
    char* end = nullptr;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < min || n > max) {
        send_error(res, 400, "", std::string("query parameter ") + name + " must be an integer in [" + std::to_string(min) +
                                     ", " + std::to_string(max) + "]");
        return false;
    }
    *out = n;
    return true;
}

ScanQuery filters(const http::Request& req) {
    ScanQuery q;
    q.survey = req.get_param_value("survey");
    q.map = req.get_param_value("map");
    return q;
}

// [SECTION] Routes -----------------------------------------------------------------------------

// Streams the matching rows page by page (an export of a million rows never sits in memory);
// `line` turns one stored payload into output bytes.
void stream_rows(Collector& c, ScanQuery q, http::Response& res, const char* content_type, std::string head,
                 std::function<std::string(const std::string& payload)> line) {
    constexpr std::int64_t kPage = 2000;
    auto cursor = std::make_shared<std::int64_t>(q.after_seq);
    auto pending_head = std::make_shared<std::string>(std::move(head));
    res.set_chunked_content_provider(content_type, [&c, q, cursor, pending_head, line](std::size_t, http::DataSink& sink) {
        ScanQuery page = q;
        page.after_seq = *cursor;
        page.limit = kPage;
        std::string chunk = std::move(*pending_head);
        pending_head->clear();
        std::int64_t rows = 0;
        std::string error;
        const bool ok = c.storage.scan(page, [&](std::int64_t seq, const std::string& payload) {
            chunk += line(payload);
            *cursor = seq;
            ++rows;
            return true;
        }, &error);
        if (!ok) return false;  // aborts the response: a truncated export must not look complete
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (rows < kPage) sink.done();
        return true;
    });
}

std::string ndjson_line(const std::string& payload) { return payload + "\n"; }

// The core's flat CSV codec (the same one `touchpoint score` reads), with the fields.<id> columns
// of `field_ids`.
std::string csv_line(const std::string& payload, const std::vector<std::string>& field_ids) {
    const nlohmann::json p = nlohmann::json::parse(payload, nullptr, false);
    return p.is_discarded() ? std::string() : response_to_csv_row(p, field_ids);
}

std::vector<std::string> split_keys(const std::string& by) {
    std::vector<std::string> keys;
    std::size_t start = 0;
    while (start <= by.size() && !by.empty()) {
        const std::size_t comma = by.find(',', start);
        const std::string key = by.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!key.empty()) keys.push_back(key);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return keys;
}

// The aggregates from the cells' journey rows (rollups.hpp), regrouped by the core into `keys`,
// when every key and the map= filter can be read from those rows; keys with one segment.<name>
// read that segment's rows, and the journey rows of cells without one (the segment as null).
// False (nothing answered) when they cannot, or when the rows cannot be read or merged: the
// caller scans instead.
bool aggregates_from_rollups(Collector& c, const ScanQuery& q, const std::vector<std::string>& keys, Aggregator* out) {
    Aggregator from_rollups(keys);
    if (!q.map.empty()) {
        AggregateFilter on_map;
        on_map.where.push_back({"map", q.map});
        if (!from_rollups.set_filter(on_map)) return false;
    }
    std::string segment;  // the one segment grouped by, if any (a row holds one segment)
    for (const std::string& key : keys) {
        if (!is_segment_grouping(key) || key == segment) continue;
        if (!segment.empty()) return false;
        segment = key;
    }
    const std::vector<std::string> absent = segment.empty() ? std::vector<std::string>{} : std::vector<std::string>{segment};
    if (!from_rollups.regroups_from(rollup_journey_keys(), absent)) return false;
    if (!segment.empty() && !from_rollups.regroups_from(rollup_segment_keys(segment))) return false;
    std::vector<std::pair<std::string, std::string>> states;
    std::string error;
    // A cell past kMaxSegmentRows keeps no row for some segments: any segment then scans.
    if (!segment.empty() && (!c.storage.rollup_states(q.survey, kMoreSegments, "", &states, &error) || !states.empty())) return false;
    if (!c.storage.rollup_states(q.survey, segment.empty() ? kJourneyGrouping : segment, segment.empty() ? "" : kJourneyGrouping,
                                 &states, &error)) {
        std::fprintf(stderr, "touchpoint serve: aggregates from rollups: %s; scanning instead\n", error.c_str());
        return false;
    }
    for (const auto& [grouping, state] : states) {
        const nlohmann::json parsed = nlohmann::json::parse(state, nullptr, false);
        const bool merged = grouping == segment ? from_rollups.merge_state_regrouped(parsed, &error)
                                                : from_rollups.merge_state_regrouped(parsed, &error, absent);
        if (!merged) {
            std::fprintf(stderr, "touchpoint serve: aggregates from rollups: %s; scanning instead\n", error.c_str());
            return false;
        }
    }
    *out = std::move(from_rollups);
    return true;
}

}  // namespace

void install_read_routes(http::Server& server, Collector& c) {
    server.Get("/v1/openapi.json", [](const http::Request&, http::Response& res) {
        res.set_content(openapi_json().data(), openapi_json().size(), "application/json");
    });

    server.Get("/v1/export", [&c](const http::Request& req, http::Response& res) {
        if (!authorize(c, req, res)) return;
        ScanQuery q = filters(req);
        if (!int_param(req, "since", 0, INT64_MAX, &q.after_seq, res)) return;
        const std::string format = req.has_param("format") ? req.get_param_value("format") : "ndjson";
        if (format == "ndjson") return stream_rows(c, q, res, "application/x-ndjson", "", ndjson_line);
        if (format == "csv") {
            // One survey's export has its declared fields' columns; across all surveys, the union
            // of every survey record's fields (survey_fields.hpp), as the per-survey export does.
            auto field_ids = std::make_shared<const std::vector<std::string>>(
                q.survey.empty() ? all_declared_field_ids(c) : declared_field_ids(c, q.survey));
            res.set_header("Content-Disposition", "attachment; filename=\"responses.csv\"");
            return stream_rows(c, q, res, "text/csv; charset=utf-8", response_csv_header(*field_ids),
                               [field_ids](const std::string& payload) { return csv_line(payload, *field_ids); });
        }
        send_error(res, 400, "", "format must be ndjson or csv");
    });

    // Aggregates by the core's streaming Aggregator: the same numbers as `touchpoint score`, from
    // the journey rollups when they can answer, else from a scan (header X-Touchpoint-Source).
    server.Get("/v1/aggregates", [&c](const http::Request& req, http::Response& res) {
        if (!authorize(c, req, res)) return;
        const std::vector<std::string> keys = split_keys(req.get_param_value("by"));
        Aggregator aggregator(keys);
        if (!aggregator.ok()) return send_error(res, 400, "", "by: " + aggregator.error());
        const ScanQuery q = filters(req);
        std::string error;
        if (c.storage.rollups_on() && req.get_param_value("source") != "scan" && aggregates_from_rollups(c, q, keys, &aggregator)) {
            res.set_header("X-Touchpoint-Source", "rollups");
            return res.set_content(aggregator.result_json(), "application/json");
        }
        std::vector<Aggregator> scanned;
        if (!aggregate_stored(c.storage, q, scan_split(c), [&] { return one_aggregator(Aggregator(keys)); }, &scanned, &error))
            return send_error(res, 503, "", "the database could not be read; retry later");
        res.set_header("X-Touchpoint-Source", "scan");
        res.set_content(scanned.front().result_json(), "application/json");
    });

    // Live feed: new responses after a cursor, oldest first, plus the cursor to ask with next.
    // since=now starts at the newest response; wait=S long-polls up to S seconds for new rows.
    // The cursor is the storage's own (see Storage::feed): exactly-once even with several writers.
    server.Get("/v1/feed", [&c](const http::Request& req, http::Response& res) {
        if (!authorize(c, req, res)) return;
        ScanQuery q = filters(req);
        std::int64_t limit = 500, wait_s = 0;
        if (!int_param(req, "limit", 1, 5000, &limit, res) || !int_param(req, "wait", 0, 30, &wait_s, res)) return;
        q.limit = limit;
        std::string cursor = req.has_param("since") ? req.get_param_value("since") : "0";
        std::string error;
        if (cursor == "now") {
            if (!c.storage.feed_head(&cursor, &error)) return send_error(res, 503, "", "the database could not be read; retry later");
        } else if (!c.storage.valid_cursor(cursor)) {
            return send_error(res, 400, "", "query parameter since must be 0, now, or the next cursor of an earlier answer");
        }
        std::string items, next = cursor;
        auto collect = [&] {
            return c.storage.feed(cursor, q, [&](const std::string& payload) {
                if (!items.empty()) items += ',';
                items += payload;
                return true;
            }, &next, &error);
        };
        // Long poll: woken by this process's commits; with a shared database (other collectors
        // commit too) the storage also asks for a re-read every feed_recheck_ms. Only so many wait
        // at once (LongPollSlots): beyond that, the answer comes at once, as with wait=0.
        struct Slot {
            LongPollSlots* slots;
            ~Slot() {
                if (slots) slots->release();
            }
        } slot{wait_s > 0 && c.long_polls && c.long_polls->try_acquire() ? c.long_polls : nullptr};
        if (!slot.slots) wait_s = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
        for (;;) {
            const std::uint64_t seen = c.writer.commits();
            if (!collect()) return send_error(res, 503, "", "the database could not be read; retry later");
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            if (!items.empty() || left <= 0 || c.writer.waits_interrupted()) break;
            const int recheck = c.storage.feed_recheck_ms();
            c.writer.wait_for_commit_after(seen, static_cast<int>(recheck > 0 ? std::min<long long>(left, recheck) : left));
        }
        res.set_content("{\"next\":\"" + next + "\",\"responses\":[" + items + "]}", "application/json");
    });
}

}  // namespace touchpoint::collector
