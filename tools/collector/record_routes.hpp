// The routes every kind of record has (record_routes.cpp); install_map_routes adds the map's own.
#pragma once

namespace touchpoint::http {
class Server;
}

namespace touchpoint::collector {

struct Collector;
// GET /v1/maps/ID (public) and /v1/studio/maps/...: versions, publish, diff, roll back.
void install_map_records(http::Server& server, Collector& c);

}  // namespace touchpoint::collector
