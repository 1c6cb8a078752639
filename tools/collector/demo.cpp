// Demo support: finding examples/ and seeding (see demo.hpp).
#include "collector/demo.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace touchpoint::collector {

namespace fs = std::filesystem;

std::string find_examples_dir(const std::string& configured) {
    std::error_code ec;
    if (!configured.empty()) return fs::is_directory(configured, ec) ? fs::absolute(configured, ec).string() : std::string();
    std::vector<fs::path> starts;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) starts.push_back(exe.parent_path());
    starts.push_back(fs::current_path(ec));
    for (fs::path dir : starts) {
        for (; !dir.empty(); dir = dir.parent_path()) {
            const fs::path candidate = dir / "examples";
            if (fs::is_directory(candidate / "site", ec)) return candidate.string();
            if (dir == dir.parent_path()) break;
        }
    }
    return std::string();
}

std::size_t seed_demo(GroupCommitWriter&, const std::string&, std::size_t) {
    return 0;  // filled in when the core's response generator (PRIVACY) lands
}

}  // namespace touchpoint::collector
