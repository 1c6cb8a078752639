// POST /v1/responses: limits, parsing/validation (ingest.cpp), group commit (writer.cpp), answer.
#include <nlohmann/json.hpp>

#include "collector/http/server.hpp"
#include "collector/ingest.hpp"
#include "collector/routes.hpp"

namespace touchpoint::collector {

void send_error(http::Response& res, int status, const std::string& pointer, const std::string& message) {
    res.status = status;
    res.set_content(error_json(pointer, message), "application/json");
}

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
        const RequestOutcome outcome = c.writer.submit(parsed.records);
        switch (outcome.status) {
        case RequestOutcome::Status::Stored: {
            nlohmann::json body = {{"accepted", parsed.records.size()}, {"stored", outcome.stored}, {"duplicates", outcome.duplicates}};
            res.status = 200;
            res.set_content(body.dump(), "application/json");
            if (c.alerts && outcome.stored > 0) c.alerts->wake();
            return;
        }
        case RequestOutcome::Status::Conflict: {
            // Pointer to the offending id: /id for a single payload, /N/id or /N/data/id in a batch.
            const Record& r = parsed.records[outcome.conflict_index];
            const std::string pointer = parsed.batch ? pointer_join("", outcome.conflict_index) : std::string();
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
    });
}

}  // namespace touchpoint::collector
