// `touchpoint`: the native command-line tool. Dispatches to one subcommand per file.
#include <cstdio>
#include <cstring>

#include "cli/command.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::cli {
// [SECTION] Subcommands — add one line here per cmd_NAME.cpp (keep alphabetical).
int bundle_main(const Args& args);
int convert_main(const Args& args);
int generate_main(const Args& args);
int preview_main(const Args& args);
int publish_main(const Args& args);
int redact_main(const Args& args);
int schema_main(const Args& args);
int score_main(const Args& args);
int serve_main(const Args& args);
int validate_main(const Args& args);
int version_main(const Args& args);
}  // namespace touchpoint::cli

namespace {
using touchpoint::cli::Command;
const Command kCommands[] = {
    {"bundle", "write one offline HTML file with the journey viewer, a map and its responses", touchpoint::cli::bundle_main},
    {"convert", "convert a journey map between journey/1, Mermaid and TheyDo JSON", touchpoint::cli::convert_main},
    {"generate", "generate realistic response/1 payloads (NDJSON) for a survey and journey map", touchpoint::cli::generate_main},
    {"preview", "print the exact response/1 payload a survey would send for given answers", touchpoint::cli::preview_main},
    {"publish", "validate a survey and publish it to a collector as a new version (from CI)", touchpoint::cli::publish_main},
    {"redact", "redact PII from stdin lines into typed placeholders ([email], [phone], ...)", touchpoint::cli::redact_main},
    {"schema", "print the JSON Schema of survey/1, response/1 or journey/1 (for editors and validators)", touchpoint::cli::schema_main},
    {"score", "aggregate responses (NDJSON or CSV): n, NPS with margin of error, CSAT, CES per group", touchpoint::cli::score_main},
    {"serve", "run the reference collector (and, with --demo, the demo website)", touchpoint::cli::serve_main},
    {"validate", "check survey/1 definitions: FILE: POINTER: message for each problem", touchpoint::cli::validate_main},
    {"version", "print the version of the tool and of the core", touchpoint::cli::version_main},
};

void print_help() {
    std::printf("usage: touchpoint COMMAND [ARGS...]\n\n"
                "Touchpoint's native tool: the same C++ core as the browser widget and viewer.\n\n"
                "commands:\n");
    for (const Command& c : kCommands) std::printf("  %-10s %s\n", c.name, c.summary);
    std::printf("\nRun `touchpoint COMMAND --help` for a command's options.\n");
}
}  // namespace

namespace touchpoint::cli {
int version_main(const Args&) {
    std::printf("touchpoint %s\n", core_version());
    return kExitOk;
}
}  // namespace touchpoint::cli

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        print_help();
        return argc < 2 ? touchpoint::cli::kExitUsage : touchpoint::cli::kExitOk;
    }
    if (!std::strcmp(argv[1], "--version")) return touchpoint::cli::version_main({});
    for (const Command& c : kCommands) {
        if (std::strcmp(argv[1], c.name) != 0) continue;
        return c.run(touchpoint::cli::Args(argv + 2, argv + argc));
    }
    std::fprintf(stderr, "touchpoint: unknown command '%s' (see `touchpoint --help`)\n", argv[1]);
    return touchpoint::cli::kExitUsage;
}
