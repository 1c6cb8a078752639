// Journey maps in the collector: records like surveys (record_routes.cpp), plus what a map adds —
// its coverage by published surveys and what changed between two periods, both computed by the
// core's journey/coverage over the stored responses.
#include "collector/http/server.hpp"
#include "collector/record_routes.hpp"
#include "collector/routes.hpp"

namespace touchpoint::collector {

void install_map_routes(http::Server& server, Collector& c) { install_map_records(server, c); }

}  // namespace touchpoint::collector
