// One `touchpoint` subcommand: a name, a one-line summary for `touchpoint --help`, and an entry
// point that receives the arguments after the subcommand name. Each command lives in its own
// cmd_NAME.cpp and is listed once in main.cpp's table.
#pragma once
#include <string>
#include <vector>

namespace touchpoint::cli {

using Args = std::vector<std::string>;

struct Command {
    const char* name;     // e.g. "validate"
    const char* summary;  // one line, shown by `touchpoint --help`
    int (*run)(const Args& args);
};

// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;  // the input was read but is not valid (validate, score ...)
constexpr int kExitUsage = 2;    // bad flags, unreadable file

}  // namespace touchpoint::cli
