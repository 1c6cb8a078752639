// `touchpoint serve`: runs the collector until SIGINT/SIGTERM, then stops cleanly (in-flight
// requests are answered, the writer drains, the database is checkpointed and closed).
#pragma once
#include "collector/config.hpp"

namespace touchpoint::collector {

int run_serve(ServeConfig config);  // exit code

}  // namespace touchpoint::collector
