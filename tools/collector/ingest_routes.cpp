// POST /v1/responses: limits, parsing/validation (ingest.cpp), group commit (writer.cpp), answer.
#include <cstdio>

#include "collector/http/server.hpp"
#include "collector/ingest.hpp"
#include "collector/routes.hpp"

namespace touchpoint::collector {

void send_error(http::Response& res, int status, const std::string& pointer, const std::string& message) {
    res.status = status;
    res.set_content(error_json(pointer, message), "application/json");
}

namespace {

// The answer to a request the writer has committed (or refused).
void answer(Collector& c, http::Response& res, const std::vector<Record>& records, bool batch, const RequestOutcome& outcome) {
    switch (outcome.status) {
    case RequestOutcome::Status::Stored: {
        res.status = 200;
        res.set_content("{\"accepted\":" + std::to_string(records.size()) + ",\"duplicates\":" + std::to_string(outcome.duplicates) +
                            ",\"stored\":" + std::to_string(outcome.stored) + "}",  // the keys sorted, as before
                        "application/json");
        if (c.alerts && outcome.stored > 0) c.alerts->wake();
        return;
    }
    case RequestOutcome::Status::Conflict: {
        // Pointer to the offending id: /id for a single payload, /N/id or /N/data/id in a batch.
        const Record& r = records[outcome.conflict_index];
        const std::string pointer = batch ? pointer_join("", outcome.conflict_index) : std::string();
        send_error(res, 422, pointer_join(pointer, "id"),
                   "response " + r.id + " was already received with a different body; a retry must resend it unchanged");
        return;
    }
    case RequestOutcome::Status::Failed:
        std::fprintf(stderr, "touchpoint serve: storing failed: %s\n", outcome.error.c_str());
        res.set_header("Retry-After", "1");
        send_error(res, 503, "", "the response could not be stored; retry later");
        return;
    }
}

}  // namespace

void install_ingest_routes(http::Server& server, Collector& c) {
    server.Post("/v1/responses", [&c](const http::Request& req, http::Response& res) {
        // The client address is only a rate-limit key, held in memory; it is never stored or logged.
        if (const int wait_s = c.limiter.acquire(req.remote_addr)) {
            res.set_header("Retry-After", std::to_string(wait_s));
            send_error(res, 429, "", "too many requests from this client: retry after " + std::to_string(wait_s) + " s");
            return;
        }
        IngestLimits limits;
        limits.max_batch = c.config.max_batch;
        limits.alerts = c.alerts != nullptr;
        IngestResult parsed = parse_ingest_body(req.get_header_value("Content-Type"), req.body, limits);
        if (parsed.status != 200) {
            res.status = parsed.status;
            res.set_content(errors_json(parsed.diagnostics), "application/json");
            return;
        }
        // The answer waits for the group commit without holding a thread: the writer finishes it.
        const http::Response::Finish finish = res.defer();
        const bool batch = parsed.batch;
        c.writer.submit_async(std::move(parsed.records), [&c, &res, finish, batch](const std::vector<Record>& records,
                                                                                  const RequestOutcome& outcome) {
            answer(c, res, records, batch, outcome);
            finish();
        });
    }, http::Server::Runs::OnEventLoop);  // parsing and validating never block; bodies over 64 KiB go to a handler thread
}

}  // namespace touchpoint::collector
