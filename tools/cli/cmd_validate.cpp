// `touchpoint validate FILE...`: checks survey/1 definitions with the same core the widget runs.
// Prints every diagnostic as `FILE: POINTER: message` (warnings as `FILE: warning: POINTER:
// message`) and `FILE: ok` for a valid file. Exit 0 when all are valid, 1 when any has an error,
// 2 when a file cannot be read (or on bad usage).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "cli/file_io.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::cli {
namespace {

}  // namespace

int validate_main(const Args& args) {
    CLI::App app{"Validate survey/1 definitions (exit 0 if all are valid, 1 if not, 2 if unreadable)",
                 "touchpoint validate"};
    std::vector<std::string> files;
    bool quiet = false;
    app.add_option("files", files, "survey definitions to check (- for stdin)")->required();
    app.add_flag("-q,--quiet", quiet, "print nothing for valid files");
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    register_builtin_question_types();
    SurveyLimits limits;
    int status = kExitOk;
    for (const std::string& file : files) {
        std::string error;
        auto text = read_whole(file, &error, limits.max_bytes);
        if (!text) {
            std::fprintf(stderr, "%s: cannot read: %s\n", file.c_str(), error.c_str());
            status = kExitUsage;
            continue;
        }
        Diagnostics d;
        auto survey = parse_survey(*text, d, limits);
        for (const Diagnostic& item : d.items()) {
            std::printf("%s: %s%s: %s\n", file.c_str(), item.severity == Severity::Warning ? "warning: " : "",
                        item.pointer.empty() ? "/" : item.pointer.c_str(), item.message.c_str());
        }
        if (!survey || d.has_errors()) {
            if (status == kExitOk) status = kExitInvalid;
        } else if (!quiet) {
            std::printf("%s: ok\n", file.c_str());
        }
    }
    return status;
}

}  // namespace touchpoint::cli
