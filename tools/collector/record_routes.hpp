// The routes every kind of record has (record_routes.cpp); install_map_routes adds the map's own.
#pragma once
#include <string>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint::http {
class Server;
}

namespace touchpoint::collector {

struct Collector;
// GET /v1/maps/ID (public) and /v1/studio/maps/...: versions, publish, diff, roll back.
void install_map_records(http::Server& server, Collector& c);

// The core's verdict on a journey/1 document as a record: diagnostics in d; on success its id and
// content hash (the canonical hash surveys use). Shared by the routes and the demo's seeding.
bool validate_map(const std::string& text, Diagnostics& d, std::string* id, std::string* hash);

}  // namespace touchpoint::collector
