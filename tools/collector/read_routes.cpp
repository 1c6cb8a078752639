// The read API: GET /v1/export, /v1/feed and /v1/aggregates, all behind the bearer token.
//
// [SECTION] Authorization
// [SECTION] Query parameters
// [SECTION] Routes
#include <httplib.h>

#include <algorithm>
#include <memory>

#include "collector/routes.hpp"

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
bool authorize(const Collector& c, const httplib::Request& req, httplib::Response& res) {
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

bool int_param(const httplib::Request& req, const char* name, std::int64_t min, std::int64_t max, std::int64_t* out,
               httplib::Response& res) {
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

ScanQuery filters(const httplib::Request& req) {
    ScanQuery q;
    q.survey = req.get_param_value("survey");
    q.map = req.get_param_value("map");
    return q;
}

// [SECTION] Routes -----------------------------------------------------------------------------

void export_ndjson(Collector& c, ScanQuery q, httplib::Response& res) {
    // Streamed page by page so an export of a million rows never sits in memory.
    auto cursor = std::make_shared<std::int64_t>(q.after_seq);
    res.set_chunked_content_provider("application/x-ndjson", [&c, q, cursor](std::size_t, httplib::DataSink& sink) {
        ScanQuery page = q;
        page.after_seq = *cursor;
        page.limit = 2000;
        std::string chunk;
        std::size_t rows = 0;
        std::string error;
        const bool ok = c.storage.scan(page, [&](std::int64_t seq, const std::string& payload) {
            chunk += payload;
            chunk += '\n';
            *cursor = seq;
            ++rows;
            return true;
        }, &error);
        if (!ok) return false;  // aborts the response: a truncated export must not look complete
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (rows < 2000) sink.done();
        return true;
    });
}

}  // namespace

void install_read_routes(httplib::Server& server, Collector& c) {
    server.Get("/v1/export", [&c](const httplib::Request& req, httplib::Response& res) {
        if (!authorize(c, req, res)) return;
        ScanQuery q = filters(req);
        if (!int_param(req, "since", 0, INT64_MAX, &q.after_seq, res)) return;
        const std::string format = req.has_param("format") ? req.get_param_value("format") : "ndjson";
        if (format == "ndjson") return export_ndjson(c, q, res);
        send_error(res, 400, "", "format must be ndjson or csv");
    });

    // Live feed: new responses after a cursor, oldest first, plus the cursor to ask with next.
    // since=now starts at the newest response; wait=S long-polls up to S seconds for new rows.
    server.Get("/v1/feed", [&c](const httplib::Request& req, httplib::Response& res) {
        if (!authorize(c, req, res)) return;
        ScanQuery q = filters(req);
        std::int64_t limit = 500, wait_s = 0;
        if (req.get_param_value("since") == "now") q.after_seq = c.writer.committed_seq();
        else if (!int_param(req, "since", 0, INT64_MAX, &q.after_seq, res)) return;
        if (!int_param(req, "limit", 1, 5000, &limit, res) || !int_param(req, "wait", 0, 30, &wait_s, res)) return;
        q.limit = limit;
        std::string items;
        std::int64_t next = q.after_seq;
        std::string error;
        auto collect = [&] {
            return c.storage.scan(q, [&](std::int64_t seq, const std::string& payload) {
                if (!items.empty()) items += ',';
                items += payload;
                next = seq;
                return true;
            }, &error);
        };
        if (!collect()) return send_error(res, 503, "", "the database could not be read; retry later");
        if (items.empty() && wait_s > 0) {
            c.writer.wait_for_rows_after(q.after_seq, static_cast<int>(wait_s * 1000));
            if (!collect()) return send_error(res, 503, "", "the database could not be read; retry later");
        }
        res.set_content("{\"next\":\"" + std::to_string(next) + "\",\"responses\":[" + items + "]}", "application/json");
    });
}

}  // namespace touchpoint::collector
