// `touchpoint serve` flags and config file (see config.hpp).
#include "collector/config.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "touchpoint/base/json_text.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// A smaller WAL limit would restart the WAL after nearly every group commit (each restart also
// fsyncs the database file).
constexpr std::uint64_t kMinWalLimit = 1u << 20;
constexpr std::uint64_t kMaxWalLimit = std::uint64_t{1} << 40;  // 1 TiB: far beyond any use, and fits SQLite's sizes

const char* const kDescription =
    "touchpoint serve: the reference collector. Receives response/1 payloads on POST /v1/responses\n"
    "(JSON, JSON batches, CloudEvents, text/plain beacons), validates them with the core, stores them\n"
    "durably (SQLite, or PostgreSQL shared by several collectors behind one load balancer),\n"
    "forwards detractor alerts, and serves a token-protected read API\n"
    "(/v1/aggregates, /v1/export, /v1/feed). With --demo it also serves the example website.\n"
    "No IP address or user agent is ever stored or logged. API reference: tools/collector/README.md";

bool read_text(const std::string& path, std::string* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
    return true;
}

// Applies one config-file key; false (with a message) if the key or its type is wrong.
bool apply_key(const std::string& key, const json& v, ServeConfig& c, std::string* error) {
    auto str = [&](std::string& dst) {
        if (!v.is_string()) return *error = "/" + key + ": must be a string", false;
        dst = v.get_ref<const std::string&>();
        return true;
    };
    auto num = [&](auto& dst) {
        if (!v.is_number() || v.get<double>() < 0) return *error = "/" + key + ": must be a non-negative number", false;
        dst = static_cast<std::decay_t<decltype(dst)>>(v.get<double>());
        return true;
    };
    if (key == "listen") return str(c.listen);
    if (key == "db") return str(c.db);
    if (key == "sync") return str(c.sync);
    if (key == "token") return str(c.token);
    if (key == "alert-webhook") return str(c.alert_webhook);
    if (key == "dist") return str(c.dist);
    if (key == "examples") return str(c.examples);
    if (key == "max-body") return num(c.max_body);
    if (key == "wal-limit") return num(c.wal_limit);
    if (key == "max-batch") return num(c.max_batch);
    if (key == "rate") return num(c.rate);
    if (key == "burst") return num(c.burst);
    if (key == "alert-backoff") return num(c.alert_backoff);
    if (key == "change-check") return num(c.change_check);
    if (key == "seed") return num(c.seed);
    if (key == "threads") return num(c.threads);
    if (key == "scan-threads") return num(c.scan_threads);
    if (key == "scan-part-rows") return num(c.scan_part_rows);
    if (key == "header-timeout") return num(c.header_timeout);
    if (key == "body-timeout") return num(c.body_timeout);
    if (key == "max-connections") return num(c.max_connections);
    if (key == "max-connections-per-client") return num(c.max_connections_per_client);
    if (key == "demo") {
        if (!v.is_boolean()) return *error = "/demo: must be true or false", false;
        c.demo = v.get<bool>();
        return true;
    }
    if (key == "editor-token" || key == "editor-tokens") {
        // A token string, or a list of strings and {"author": "李伟", "token": "..."} objects.
        const json list = v.is_array() ? v : json::array({v});
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string at = "/" + key + (v.is_array() ? "/" + std::to_string(i) : "");
            const json& item = list[i];
            if (item.is_string()) {
                c.editors.push_back({"editor", item.get<std::string>()});
            } else if (item.is_object() && item.contains("token") && item["token"].is_string()) {
                const bool named = item.contains("author") && item["author"].is_string() && !item["author"].get_ref<const std::string&>().empty();
                c.editors.push_back({named ? item["author"].get<std::string>() : "editor", item["token"].get<std::string>()});
            } else {
                return *error = at + ": must be a token string or {\"author\": NAME, \"token\": TOKEN}", false;
            }
            if (c.editors.back().token.size() < 16) return *error = at + ": an editor token must have at least 16 characters", false;
        }
        return true;
    }
    if (key == "allow-origin") {
        const json list = v.is_string() ? json::array({v}) : v;
        if (!list.is_array()) return *error = "/allow-origin: must be a string or an array of strings", false;
        c.allow_origins.clear();
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (!list[i].is_string()) return *error = "/allow-origin/" + std::to_string(i) + ": must be a string", false;
            c.allow_origins.push_back(list[i].get<std::string>());
        }
        return true;
    }
    *error = "/" + key + ": unknown option";
    return false;
}

bool load_config_file(const std::string& path, ServeConfig& c, std::string* error) {
    std::string text;
    if (!read_text(path, &text)) return *error = "cannot read " + path, false;
    json doc;
    JsonSyntaxError syntax;
    if (!parse_json(text, doc, &syntax)) return *error = path + ": not valid JSON at " + syntax.describe(), false;
    if (!doc.is_object()) return *error = path + ": must be a JSON object", false;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (!apply_key(it.key(), it.value(), c, error)) return *error = path + ": " + *error, false;
    }
    return true;
}

}  // namespace

int parse_serve_config(const std::vector<std::string>& args, ServeConfig& c) {
    // The config file is read first so that flags override it.
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size()) c.config_file = args[i + 1];
        else if (args[i].rfind("--config=", 0) == 0) c.config_file = args[i].substr(9);
    }
    if (!c.config_file.empty()) {
        std::string error;
        if (!load_config_file(c.config_file, c, &error)) {
            std::fprintf(stderr, "touchpoint serve: %s\n", error.c_str());
            return 2;
        }
    }

    CLI::App app(kDescription, "touchpoint serve");
    app.get_formatter()->column_width(30);
    app.add_option("--config", c.config_file, "JSON file of options (keys = long flag names); flags override it");
    app.add_option("--listen", c.listen, "HOST:PORT to listen on (port 0 = any free port; the log says which)")->capture_default_str();
    app.add_option("--db", c.db,
                   "SQLite database file (created if missing; default touchpoint.sqlite, with --demo a fresh temporary file), "
                   "or a PostgreSQL connection string: a URI (postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=require) or libpq "
                   "key=value words (\"host=/run/postgresql dbname=touchpoint\"; PGPASSWORD, ~/.pgpass and the other PG* variables apply). "
                   "Several collectors may share one PostgreSQL database: tables are created on first start; ids, alerts and the feed "
                   "are coordinated through it. The password is never logged");
    app.add_option("--sync", c.sync, "SQLite synchronous level: full (fsync every commit: acknowledged = survives power loss) or normal (survives crashes only). "
                   "PostgreSQL always commits with synchronous_commit=on")
        ->check(CLI::IsMember({"full", "normal"}))->capture_default_str();
    app.add_option("--wal-limit", c.wal_limit, "SQLite: bytes the write-ahead log may reach before the writer, between two commits, waits for a checkpoint "
                   "that restarts it from its beginning (and cuts the file back to this size): the WAL stays under the limit plus one group "
                   "commit's pages. 0 = no bound (the WAL then grows for as long as ingest never pauses). At least 1048576 otherwise")
        ->capture_default_str()->check(CLI::Range(std::uint64_t{0}, kMaxWalLimit));
    app.add_option("--token", c.token, "bearer token required by the read API (Authorization: Bearer TOKEN); without it the read API is closed, except --demo reads from loopback");
    std::vector<std::string> editor_tokens;
    app.add_option("--editor-token", editor_tokens,
                   "credential that may write surveys: Studio sign-in (/studio/) and `touchpoint publish` (repeatable; at least 16 characters; "
                   "the config file's \"editor-tokens\" may give each an author label). Distinct from --token, which only reads");
    app.add_option("--allow-origin", c.allow_origins, "browser origin allowed to post and read (repeatable; e.g. https://www.example.com; * = any). The collector's own origin is always allowed");
    app.add_option("--max-body", c.max_body, "largest request body in bytes (413 above)")->capture_default_str();
    app.add_option("--max-batch", c.max_batch, "most responses in one batch request (413 above)")->capture_default_str();
    app.add_option("--rate", c.rate, "requests per second per client address, sustained (429 + Retry-After above; 0 = unlimited). Addresses are kept in memory only")->capture_default_str();
    app.add_option("--burst", c.burst, "requests a client may send at once before --rate applies")->capture_default_str();
    app.add_option("--alert-webhook", c.alert_webhook, "http(s) URL receiving a POST for each response carrying an alert (detractor, low CSAT, high effort), retried with backoff until it answers 2xx");
    app.add_option("--alert-backoff", c.alert_backoff, "seconds before the first alert retry, doubled after each failure (max 1 h)")->capture_default_str();
    app.add_option("--change-check", c.change_check, "with --alert-webhook: seconds between checks of every published journey map for a significant "
                   "weekly drop at a touchpoint (one alert per touchpoint, metric and week; 0 = only when Studio asks)")->capture_default_str();
    CLI::Option* rebuild = app.add_flag("--rebuild-rollups", c.rebuild_rollups, "recompute the results rollups (per survey, day and locale) from the stored responses before serving "
                 "(after rows were added behind the collector's back; a database from before rollups gets them built anyway)");
    app.add_flag("--no-rollups", c.no_rollups, "keep no rollups: ingest does not update them and every read scans the payloads (to measure what "
                 "they cost; collectors sharing a database must agree). The next start without it rebuilds them")->excludes(rebuild);
    app.add_flag("--demo", c.demo, "serve the example website (/), examples (/examples/) and the browser assets (/dist/), seeded with generated responses");
    app.add_option("--dist", c.dist, "folder of the browser assets built by the wasm build (build/wasm-release/dist), served at /dist/");
    app.add_option("--examples", c.examples, "the repository's examples/ folder (default: found from the executable's or the current directory)");
    app.add_option("--seed", c.seed, "--demo: generated responses per example survey linked to a journey map, when the database is empty")->capture_default_str();
    app.add_option("--threads", c.threads, "HTTP handler threads: requests handled at once (a waiting long poll holds one; at most a quarter wait at once); "
                   "connections are not threads and cost none")->capture_default_str()->check(CLI::Range(1, 1024));
    app.add_option("--scan-threads", c.scan_threads, "threads one scan of the stored payloads reads with (an answer filter on the results page, a "
                   "grouping the rollups do not keep; SQLite only), each its share of the rows, merged exactly (default: the machine's cores, at most 4; 1 = one pass)")
        ->check(CLI::Range(1, 256));
    app.add_option("--scan-part-rows", c.scan_part_rows, "rows each scan thread reads at least: a scan of fewer rows than twice this is one pass")
        ->capture_default_str()->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
    app.add_option("--header-timeout", c.header_timeout, "seconds a client has to send a request's head, from connecting or from the previous answer "
                   "(slow or trickling clients are cut off; also the longest idle keep-alive and the longest pause in any transfer)")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    app.add_option("--body-timeout", c.body_timeout, "seconds a client has to send a request's body once its head is in")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    app.add_option("--max-connections", c.max_connections, "open connections in all; further clients wait in the listen queue until one closes")
        ->capture_default_str()->check(CLI::Range(1, 1000000));
    app.add_option("--max-connections-per-client", c.max_connections_per_client,
                   "open connections per client address; further ones are refused (0 = no cap; behind a reverse proxy every client is the proxy)")
        ->capture_default_str()->check(CLI::Range(0, 1000000));
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    for (const std::string& t : editor_tokens) {
        if (t.size() < 16) {
            std::fprintf(stderr, "touchpoint serve: --editor-token must have at least 16 characters\n");
            return 2;
        }
        c.editors.push_back({"editor", t});
    }
    for (const EditorCredential& e : c.editors) {
        if (!c.token.empty() && e.token == c.token) {
            std::fprintf(stderr, "touchpoint serve: an editor token must differ from the read --token\n");
            return 2;
        }
    }
    if (c.scan_threads > 256 || c.scan_part_rows < 1) {
        std::fprintf(stderr, "touchpoint serve: scan-threads must be from 1 to 256 and scan-part-rows at least 1\n");
        return 2;
    }
    if (c.scan_threads == 0) c.scan_threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    if (c.max_body < 64) {
        std::fprintf(stderr, "touchpoint serve: --max-body must be at least 64 bytes\n");
        return 2;
    }
    if (c.wal_limit != 0 && (c.wal_limit < kMinWalLimit || c.wal_limit > kMaxWalLimit)) {
        std::fprintf(stderr, "touchpoint serve: --wal-limit must be 0 (no bound) or from %llu to %llu bytes\n",
                     static_cast<unsigned long long>(kMinWalLimit), static_cast<unsigned long long>(kMaxWalLimit));
        return 2;
    }
    if (!c.alert_webhook.empty() && c.alert_webhook.rfind("http://", 0) != 0 && c.alert_webhook.rfind("https://", 0) != 0) {
        std::fprintf(stderr, "touchpoint serve: --alert-webhook must be an http:// or https:// URL\n");
        return 2;
    }
    return -1;
}

}  // namespace touchpoint::collector
