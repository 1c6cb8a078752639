// `touchpoint serve` configuration: flags, optionally preceded by a JSON config file whose keys
// are the long flag names ({"listen": "0.0.0.0:8787", "allow-origin": ["https://a.example"]}).
// Flags given on the command line override the file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace touchpoint::collector {

// An editor credential: Studio sign-in and `touchpoint publish` present the token; the author
// label goes into every survey version saved with it.
struct EditorCredential {
    std::string author;
    std::string token;
};

struct ServeConfig {
    std::string listen = "127.0.0.1:8787";
    std::string db;                  // "" = touchpoint.sqlite (or a fresh temp file with --demo)
    std::string sync = "full";       // SQLite synchronous level: full | normal
    std::uint64_t wal_limit = 64u << 20;  // SQLite: bytes of WAL that trigger a restart of it between commits (0 = no bound)
    std::string token;               // read API bearer token; "" = read API closed (except demo+loopback)
    std::vector<EditorCredential> editors;  // --editor-token / "editor-tokens": may write surveys (Studio)
    std::vector<std::string> allow_origins;
    std::size_t max_body = 1 << 20;  // bytes
    std::size_t max_batch = 500;     // responses per request
    double rate = 20;                // requests per second per client, 0 = unlimited
    double burst = 100;              // bucket size
    std::string alert_webhook;
    double alert_backoff = 2.0;      // seconds before the first retry, doubled each time
    double change_check = 3600;      // seconds between checks of published maps for significant drops (0 = never)
    bool demo = false;
    bool rebuild_rollups = false;    // recompute the results rollups from the stored payloads at start
    bool no_rollups = false;         // keep no rollups (reads scan; the next start with rollups rebuilds them)
    std::string dist;
    std::string examples;
    std::size_t seed = 400;          // demo: generated responses per linked survey (0 = none)
    std::size_t threads = 64;        // HTTP handler threads: requests handled at once (not connections)
    unsigned scan_threads = 0;       // threads one scan of stored payloads reads with (0 = the cores, at most 4; scan_parts.hpp)
    std::int64_t scan_part_rows = 25000;  // rows per such thread at least
    unsigned header_timeout = 10;    // seconds to send a request head (also: idle keep-alive, any pause)
    unsigned body_timeout = 30;      // seconds to send a request body once its head is in
    unsigned max_connections = 2048;             // open connections in all
    unsigned max_connections_per_client = 128;   // open connections per client address, 0 = no cap
    std::string config_file;
};

// Parses `serve` arguments (after the subcommand name). Returns -1 to go on, or an exit code
// (0 after --help, 2 on a usage error, printed to stderr).
int parse_serve_config(const std::vector<std::string>& args, ServeConfig& config);

}  // namespace touchpoint::collector
