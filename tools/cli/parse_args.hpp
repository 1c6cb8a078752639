// Parsing a command's flags with CLI11, the same way in every `touchpoint` command: `--help`
// prints and exits 0, a bad flag prints CLI11's message and exits kExitUsage.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace touchpoint::cli {

// nullopt: go on; otherwise the command should return this exit code at once.
inline std::optional<int> parse_args(CLI::App& app, const Args& args) {
    // CLI11's vector overload consumes arguments from the back, so it wants them reversed.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    return std::nullopt;
}

}  // namespace touchpoint::cli
