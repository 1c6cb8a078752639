// `touchpoint serve`: the reference collector (tools/collector/, API in tools/collector/README.md).
#include "cli/command.hpp"
#include "collector/config.hpp"
#include "collector/server.hpp"

namespace touchpoint::cli {

int serve_main(const Args& args) {
    collector::ServeConfig config;
    const int rc = collector::parse_serve_config(args, config);
    if (rc >= 0) return rc;
    return collector::run_serve(config);
}

}  // namespace touchpoint::cli
