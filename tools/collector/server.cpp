// `touchpoint serve` life cycle: open storage, start the writer and the alert dispatcher, install
// the routes, serve until SIGINT/SIGTERM, then shut down in order (see server.hpp).
//
// [SECTION] Listen address and database path
// [SECTION] HTTP server setup
// [SECTION] run_serve
#include "collector/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include "collector/demo.hpp"
#include "collector/ingest.hpp"
#include "collector/routes.hpp"

namespace touchpoint::collector {
namespace {

void log(const std::string& line) {
    std::fprintf(stderr, "touchpoint serve: %s\n", line.c_str());
    std::fflush(stderr);
}

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

void install_cors_and_errors(httplib::Server& server, Collector& c) {
    // CORS for the whole API: refuse unlisted browser origins, answer preflights here.
    server.set_pre_routing_handler([&c](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/v1/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("Cache-Control", "no-store");
        const std::string origin = req.get_header_value("Origin");
        if (!origin.empty()) {
            if (!c.cors.allowed(origin, req.get_header_value("Host"))) {
                send_error(res, 403, "", "origin " + origin + " is not allowed: start the collector with --allow-origin " + origin);
                return httplib::Server::HandlerResponse::Handled;
            }
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Vary", "Origin");
            res.set_header("Access-Control-Expose-Headers", "Retry-After");
        }
        if (req.method == "OPTIONS") {
            res.status = 204;
            res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
            res.set_header("Access-Control-Max-Age", "600");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Errors raised by the library itself (413 before routing, 404, 400) get the API's JSON shape,
    // and, for an allowed origin, the CORS header so the browser lets the page read the status.
    server.set_error_handler(httplib::Server::HandlerWithResponse([&c](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/v1/", 0) != 0) {
            if (res.body.empty()) res.set_content(res.status == 404 ? "not found\n" : "error\n", "text/plain; charset=utf-8");
            return httplib::Server::HandlerResponse::Handled;
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
        return httplib::Server::HandlerResponse::Handled;
    }));
}

void install_static(httplib::Server& server, const ServeConfig& config, const std::string& examples) {
    const std::pair<const char*, const char*> types[] = {
        {"html", "text/html; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},   {"json", "application/json; charset=utf-8"}, {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"},             {"ndjson", "application/x-ndjson"},        {"csv", "text/csv; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"}};
    for (const auto& [ext, mime] : types) server.set_file_extension_and_mimetype_mapping(ext, mime);
    const httplib::Headers no_cache = {{"Cache-Control", "no-cache"}};
    if (!config.dist.empty()) {
        if (!server.set_mount_point("/dist", config.dist, no_cache)) log("warning: --dist " + config.dist + " is not a folder; /dist/ is not served");
    }
    if (config.demo && !examples.empty()) {
        server.set_mount_point("/examples", examples, no_cache);
        server.set_mount_point("/", (std::filesystem::path(examples) / "site").string(), no_cache);
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
        storage = open_postgres_storage(config.db, &error);
        if (!storage) {
            log(error);  // names host/port/database, never the password
            return 1;
        }
    } else {
        storage = open_sqlite_storage(config.db, config.sync == "normal" ? "NORMAL" : "FULL", &error);
        if (!storage) {
            log("cannot open the database " + config.db + ": " + error);
            return 1;
        }
    }
    GroupCommitWriter writer(*storage, 5000, storage->writer_threads());
    std::unique_ptr<AlertDispatcher> alerts;
    if (!config.alert_webhook.empty()) alerts = std::make_unique<AlertDispatcher>(*storage, config.alert_webhook, config.alert_backoff);

    Collector collector{config, *storage, writer, alerts.get(), CorsPolicy(config.allow_origins), RateLimiter(config.rate, config.burst)};
    httplib::Server server;
    const std::size_t threads = config.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // SO_REUSEADDR only: the library's default also sets SO_REUSEPORT, which would let a second
    // collector silently share (and split the traffic of) a port already in use.
    server.set_socket_options([](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_tcp_nodelay(true);  // headers and body go out in separate writes: no Nagle/delayed-ACK stalls
    server.set_keep_alive_max_count(10000);
    server.set_keep_alive_timeout(3);
    server.set_payload_max_length(config.max_body);
    install_cors_and_errors(server, collector);
    install_ingest_routes(server, collector);
    install_read_routes(server, collector);
    // A load balancer takes a collector out when its database is gone: one cheap read (the feed's
    // head) per probe. Why it failed is not told to this unauthenticated caller (it may name hosts).
    server.Get("/healthz", [&collector](const httplib::Request&, httplib::Response& res) {
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
    }
    log("database " + storage->describe() + ", " + std::to_string(storage->count()) + " responses stored");
    if (!config.alert_webhook.empty()) log("alerts are forwarded to " + config.alert_webhook);
    log("listening on " + url + " — POST " + url + "v1/responses");
    if (config.demo) {
        log("demo: open " + url + " in a browser (marketing page with the feedback popup), " + url +
            "app.html (in-product survey), " + url + "journey.html (journey map fed by the collected responses)");
    }
    log("press Ctrl-C to stop");

    std::atomic<bool> listen_returned{false};
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGUSR1) return;
        log(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
        writer.interrupt_waits();
        // A signal right after start may come before the accept loop runs; the library's stop()
        // does nothing until then, so wait for the loop (or for it to have given up).
        while (!server.is_running() && !listen_returned.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        server.stop();
    });
    const bool listened = server.listen_after_bind();
    listen_returned = true;
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();

    writer.stop();
    if (alerts) alerts->stop();
    const std::int64_t stored = storage->count();
    const std::string where = storage->describe();
    storage.reset();  // SQLite: checkpoints the WAL and closes the file
    log(stored >= 0 ? "stopped; " + std::to_string(stored) + " responses in " + where
                    : "stopped; the database " + where + " could not be read to count the responses");
    return listened ? 0 : 1;
}

}  // namespace touchpoint::collector
