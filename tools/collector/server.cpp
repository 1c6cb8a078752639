// `touchpoint serve` life cycle: open storage, start the writer and the alert dispatcher, install
// the routes, serve until SIGINT/SIGTERM, then shut down in order (see server.hpp).
//
// [SECTION] Listen address and database path
// [SECTION] HTTP server setup
// [SECTION] run_serve
#include "collector/server.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <thread>

#include "collector/clock.hpp"
#include "collector/demo.hpp"
#include "collector/http/server.hpp"
#include "collector/ingest.hpp"
#include "collector/log.hpp"
#include "collector/map_changes.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"

namespace touchpoint::collector {
namespace {

// [SECTION] Listen address and database path ---------------------------------------------------

// "HOST:PORT" or "[IPv6]:PORT" -> host and port; false if malformed.
bool parse_listen(const std::string& listen, std::string* host, int* port) {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    *host = listen.substr(0, colon);
    if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
    const std::string p = listen.substr(colon + 1);
    char* end = nullptr;
    const long n = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end != '\0' || n < 0 || n > 65535) return false;
    *port = static_cast<int>(n);
    return true;
}

// The demo's database lives in a fresh temporary folder (removed at exit) unless --db is given.
struct DemoDbDir {
    std::string dir;
    ~DemoDbDir() {
        if (dir.empty()) return;
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

// [SECTION] HTTP server setup ------------------------------------------------------------------

void install_cors_and_errors(http::Server& server, Collector& c) {
    // CORS for the whole API: refuse unlisted browser origins, answer preflights here.
    server.set_pre_routing_handler([&c](const http::Request& req, http::Response& res) {
        if (req.path.rfind("/v1/", 0) != 0) return http::Server::HandlerResponse::Unhandled;
        // A published survey or map is public: any page may load it, and caches may keep it (its
        // route sets Cache-Control and ETag).
        static const std::regex public_survey("/v1/(surveys|maps)/[^/]+(/versions/[0-9]+)?");
        if ((req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") && std::regex_match(req.path, public_survey)) {
            res.set_header("Access-Control-Allow-Origin", "*");
            res.set_header("Access-Control-Expose-Headers", "ETag, X-Touchpoint-Version");
            if (req.method != "OPTIONS") return http::Server::HandlerResponse::Unhandled;
            res.status = 204;
            res.set_header("Access-Control-Allow-Methods", "GET, HEAD");
            res.set_header("Access-Control-Allow-Headers", "If-None-Match");
            res.set_header("Access-Control-Max-Age", "600");
            return http::Server::HandlerResponse::Handled;
        }
        res.set_header("Cache-Control", "no-store");
        const std::string origin = req.get_header_value("Origin");
        if (!origin.empty()) {
            if (!c.cors.allowed(origin, req.get_header_value("Host"))) {
                send_error(res, 403, "", "origin " + origin + " is not allowed: start the collector with --allow-origin " + origin);
                return http::Server::HandlerResponse::Handled;
            }
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Vary", "Origin");
            res.set_header("Access-Control-Expose-Headers", "Retry-After");
        }
        if (req.method == "OPTIONS") {
            res.status = 204;
            res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization, Idempotency-Key");  // the widget sends its key
            res.set_header("Access-Control-Max-Age", "600");
            return http::Server::HandlerResponse::Handled;
        }
        return http::Server::HandlerResponse::Unhandled;
    });
    // Errors raised by the library itself (413 before routing, 404, 400) get the API's JSON shape,
    // and, for an allowed origin, the CORS header so the browser lets the page read the status.
    server.set_error_handler(http::Server::HandlerWithResponse([&c](const http::Request& req, http::Response& res) {
        if (req.path.rfind("/v1/", 0) != 0) {
            if (res.body.empty()) res.set_content(res.status == 404 ? "not found\n" : "error\n", "text/plain; charset=utf-8");
            return http::Server::HandlerResponse::Handled;
        }
        const std::string origin = req.get_header_value("Origin");
        if (!origin.empty() && !res.has_header("Access-Control-Allow-Origin") && c.cors.allowed(origin, req.get_header_value("Host"))) {
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Vary", "Origin");
        }
        if (res.body.empty()) {
            const std::string message = res.status == 413   ? "the request body is larger than the limit of " + std::to_string(c.config.max_body) + " bytes"
                                        : res.status == 404 ? "no such endpoint: " + req.path
                                                            : "the request could not be handled (HTTP " + std::to_string(res.status) + ")";
            res.set_content(error_json("", message), "application/json");
        }
        return http::Server::HandlerResponse::Handled;
    }));
}

void install_static(http::Server& server, const ServeConfig& config, const std::string& examples) {
    const std::pair<const char*, const char*> types[] = {
        {"html", "text/html; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},   {"json", "application/json; charset=utf-8"}, {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"},             {"ndjson", "application/x-ndjson"},        {"csv", "text/csv; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"}};
    for (const auto& [ext, mime] : types) server.set_file_extension_and_mimetype_mapping(ext, mime);
    const http::Headers no_cache = {{"Cache-Control", "no-cache"}};
    if (!config.dist.empty()) {
        // Public assets: a site's install snippet (Studio's Install screen) may load the widget,
        // its chunks and the engine from here, which a cross-origin module import needs CORS for.
        const http::Headers dist_headers = {{"Cache-Control", "no-cache"}, {"Access-Control-Allow-Origin", "*"}};
        if (!server.set_mount_point("/dist", config.dist, dist_headers)) log("warning: --dist " + config.dist + " is not a folder; /dist/ is not served");
        // Studio (web/studio, built into dist/studio): the page and its bundle; its API is /v1/studio/.
        std::error_code ec;
        const std::filesystem::path studio = std::filesystem::path(config.dist) / "studio";
        if (std::filesystem::is_directory(studio, ec)) {
            const http::Headers studio_headers = {{"Cache-Control", "no-cache"}, {"X-Frame-Options", "SAMEORIGIN"},
                                                     {"Content-Security-Policy", "frame-ancestors 'self'"}, {"X-Content-Type-Options", "nosniff"}};
            server.set_mount_point("/studio", studio.string(), studio_headers);
        }
    }
    if (config.demo && !examples.empty()) {
        server.set_mount_point("/examples", examples, no_cache);
        server.set_mount_point("/", (std::filesystem::path(examples) / "site").string(), no_cache);
    }
}

http::ServerLimits http_limits(const ServeConfig& config) {
    http::ServerLimits limits;
    limits.max_body = config.max_body;
    limits.header_timeout_s = config.header_timeout;
    limits.body_timeout_s = config.body_timeout;
    limits.max_connections = config.max_connections;
    limits.max_connections_per_client = config.max_connections_per_client;
    limits.handler_threads = config.threads;
    return limits;
}

// Every connection is a file descriptor: make sure --max-connections of them can be open.
void raise_open_file_limit(std::size_t connections) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
    const rlim_t wanted = static_cast<rlim_t>(connections) + 256;  // + database, log, epoll, pipes
    if (lim.rlim_cur >= wanted) return;
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= wanted ? wanted : lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < wanted) {
        log("warning: the open-file limit (" + std::to_string(lim.rlim_cur) + ") is below --max-connections + 256; raise it (ulimit -n)");
    }
}

}  // namespace

// [SECTION] run_serve --------------------------------------------------------------------------

int run_serve(ServeConfig config) {
    std::string host;
    int port = 0;
    if (!parse_listen(config.listen, &host, &port)) {
        log("--listen must be HOST:PORT (e.g. 127.0.0.1:8787), not \"" + config.listen + "\"");
        return 2;
    }
    std::string examples;
    if (config.demo) {
        examples = find_examples_dir(config.examples);
        if (examples.empty()) {
            log("--demo needs the repository's examples/ folder: pass --examples DIR");
            return 2;
        }
        if (config.dist.empty()) log("warning: no --dist: the demo pages need the browser assets (build/wasm-release/dist)");
    }
    DemoDbDir demo_dir;
    if (config.db.empty() && config.demo) {
        const char* tmp = std::getenv("TMPDIR");
        std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/touchpoint-demo-XXXXXX";
        if (!mkdtemp(templ.data())) {
            log("cannot create a temporary folder for the demo database: pass --db PATH");
            return 1;
        }
        demo_dir.dir = templ;
        config.db = templ + "/demo.sqlite";
    } else if (config.db.empty()) {
        config.db = "touchpoint.sqlite";
    }

    // Every thread created from here on inherits this mask; one thread waits for the signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGUSR1);  // internal: ends the signal thread when the server stops by itself
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    std::string error;
    std::unique_ptr<Storage> storage;
    if (is_postgres_conninfo(config.db)) {
        storage = open_postgres_storage(config.db, !config.no_rollups, &error);
        if (!storage) {
            log(error);  // names host/port/database, never the password
            return 1;
        }
    } else {
        storage = open_sqlite_storage(config.db, config.sync == "normal" ? "NORMAL" : "FULL", config.wal_limit, !config.no_rollups,
                                      &error);
        if (!storage) {
            log("cannot open the database " + config.db + ": " + error);
            return 1;
        }
    }
    if (config.rebuild_rollups) {
        if (!storage->rebuild_rollups(&error)) {
            log("cannot rebuild the results rollups in " + storage->describe() + ": " + error);
            return 1;
        }
        log("results rollups rebuilt from " + std::to_string(storage->count()) + " stored responses");
    }
    GroupCommitWriter writer(*storage, 5000, storage->writer_threads());
    std::unique_ptr<AlertInbox> inbox = open_alert_inbox(config.db, &error);
    if (!inbox) {
        log("cannot open the alert inbox in " + storage->describe() + ": " + error);
        return 1;
    }
    std::unique_ptr<DisplayCounts> displays = open_display_counts(config.db, &error);
    if (!displays) {
        log("cannot open the display counts in " + storage->describe() + ": " + error);
        return 1;
    }
    std::unique_ptr<AlertDispatcher> alerts;
    if (!config.alert_webhook.empty())
        alerts = std::make_unique<AlertDispatcher>(*storage, config.alert_webhook, config.alert_backoff, [&inbox](const PendingAlert& a) {
            std::string ignored;  // the inbox shows "queued" instead: the delivery itself succeeded
            inbox->record_delivered(a.response_id, a.attempts + 1, now_ms(), &ignored);
        });

    std::unique_ptr<Records> records = open_records(config.db, RecordKind::Survey, &error);
    std::unique_ptr<Records> maps = records ? open_records(config.db, RecordKind::Map, &error) : nullptr;
    if (!records || !maps) {
        log("cannot open the survey and map records in " + storage->describe() + ": " + error);
        return 1;
    }
    if (config.demo && config.editors.empty()) {
        // The demo's Studio needs an editor credential: a fresh one, printed once below.
        config.editors.push_back({"demo", random_hex(16)});
    }

    LongPollSlots long_polls(config.threads);
    Collector collector{config, *storage, writer, alerts.get(), CorsPolicy(config.allow_origins), RateLimiter(config.rate, config.burst),
                        records.get(), maps.get(), &long_polls, inbox.get(), displays.get()};
    http::Server server;
    server.set_limits(http_limits(config));
    install_cors_and_errors(server, collector);
    install_ingest_routes(server, collector);
    install_read_routes(server, collector);
    install_survey_routes(server, collector);
    install_map_routes(server, collector);
    install_results_routes(server, collector);
    install_alert_routes(server, collector);
    install_display_routes(server, collector);
    std::unique_ptr<ChangeWatcher> change_watcher;
    if (alerts && config.change_check > 0) change_watcher = std::make_unique<ChangeWatcher>(collector, config.change_check);
    // A load balancer takes a collector out when its database is gone: one cheap read (the feed's
    // head) per probe. Why it failed is not told to this unauthenticated caller (it may name hosts).
    server.Get("/healthz", [&collector](const http::Request&, http::Response& res) {
        res.set_header("Cache-Control", "no-store");
        std::string cursor, reason;
        if (collector.storage.feed_head(&cursor, &reason)) {
            res.set_content("{\"status\":\"ok\",\"database\":\"ok\"}", "application/json");
            return;
        }
        res.status = 503;
        res.set_header("Retry-After", "1");
        res.set_content("{\"status\":\"unavailable\",\"database\":\"unreachable\"}", "application/json");
    });
    install_static(server, config, examples);

    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
        log("cannot listen on " + config.listen + " (in use, or not an address of this machine)");
        return 1;
    }
    const std::string shown_host = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
    const std::string url = "http://" + (shown_host.find(':') != std::string::npos ? "[" + shown_host + "]" : shown_host) + ":" +
                            std::to_string(bound) + "/";
    if (config.demo) {
        if (storage->count() == 0 && config.seed > 0) {
            const std::size_t seeded = seed_demo(writer, examples, config.seed);
            log("seeded the demo database with " + std::to_string(seeded) + " generated responses");
        }
        std::vector<RecordSummary> existing;
        if (records->list(&existing, &error) && existing.empty()) {
            log("added " + std::to_string(seed_demo_surveys(*records, examples)) + " example surveys to Studio");
        }
        existing.clear();
        if (maps->list(&existing, &error) && existing.empty()) {
            log("added " + std::to_string(seed_demo_maps(*maps, examples)) + " example journey maps to Studio");
        }
    }
    log("database " + storage->describe() + ", " + std::to_string(storage->count()) + " responses stored");
    if (!config.alert_webhook.empty()) log("alerts are forwarded to " + config.alert_webhook);
    log("listening on " + url + " — POST " + url + "v1/responses");
    if (config.demo) {
        log("demo: open " + url + " in a browser (marketing page with the feedback popup), " + url +
            "app.html (in-product survey), " + url + "journey.html (journey map fed by the collected responses)");
    }
    if (!config.editors.empty() && !config.dist.empty()) {
        log("Studio: " + url + "studio/" + (config.demo ? " (sign in with the editor token " + config.editors.front().token + ")" : ""));
    }
    log("press Ctrl-C to stop");

    raise_open_file_limit(config.max_connections);
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGUSR1) return;
        log(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
        writer.interrupt_waits();
        server.stop();  // listen_after_bind returns once requests in flight are answered
    });
    const bool listened = server.listen_after_bind();
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();

    change_watcher.reset();
    writer.stop();
    if (alerts) alerts->stop();
    const std::int64_t stored = storage->count();
    const std::string where = storage->describe();
    maps.reset();
    records.reset();
    storage.reset();  // SQLite: checkpoints the WAL and closes the file
    log(stored >= 0 ? "stopped; " + std::to_string(stored) + " responses in " + where
                    : "stopped; the database " + where + " could not be read to count the responses");
    return listened ? 0 : 1;
}

}  // namespace touchpoint::collector
