// `touchpoint generate --survey FILE [--journey MAP] --count N --seed S [--start ISO --days D]`:
// N response/1 payloads as NDJSON on stdout, built by real sessions and the core's payload
// builder (see shared/include/touchpoint/generate/generator.hpp). Deterministic for a seed.
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "cli/file_io.hpp"
#include "touchpoint/generate/generator.hpp"
#include "touchpoint/base/timefmt.hpp"

namespace touchpoint::cli {

int generate_main(const Args& args) {
    CLI::App app{"Generate realistic response/1 payloads (NDJSON) for a survey, optionally linked to a journey map",
                 "touchpoint generate"};
    std::string survey_file, journey_file, start = "2026-11-01T00:00:00Z";
    long long count = 0;
    unsigned long long seed = 1;
    int days = 30;
    app.add_option("--survey", survey_file, "survey/1 definition")->required();
    app.add_option("--journey", journey_file, "journey/1 map: link each response to one of its touchpoints");
    app.add_option("--count", count, "number of responses")->required()->check(CLI::Range(0LL, 1000000000LL));
    app.add_option("--seed", seed, "random seed (same seed, same output)")->required();
    app.add_option("--start", start, "first submission time, ISO-8601 UTC (default 2026-11-01T00:00:00Z)");
    app.add_option("--days", days, "spread submissions over this many days (default 30)")->check(CLI::Range(1, 3650));
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    GenerateOptions options;
    options.seed = seed;
    options.days = days;
    auto start_ms = parse_iso_utc(start);
    if (!start_ms) {
        std::fprintf(stderr, "touchpoint generate: --start \"%s\" is not an ISO-8601 time (e.g. 2026-11-01T00:00:00Z)\n",
                     start.c_str());
        return kExitUsage;
    }
    options.start_ms = *start_ms;
    std::string error;
    const auto survey = read_whole(survey_file, &error);
    if (!survey) {
        std::fprintf(stderr, "%s: cannot read: %s\n", survey_file.c_str(), error.c_str());
        return kExitUsage;
    }
    std::optional<std::string> journey = std::string();
    if (!journey_file.empty() && !(journey = read_whole(journey_file, &error))) {
        std::fprintf(stderr, "%s: cannot read: %s\n", journey_file.c_str(), error.c_str());
        return kExitUsage;
    }
    Diagnostics diags;
    auto gen = ResponseGenerator::create(*survey, *journey, options, diags);
    if (!gen) {
        for (const Diagnostic& d : diags.items())
            if (d.severity == Severity::Error)
                std::fprintf(stderr, "%s: %s: %s\n", d.pointer.rfind("/touchpoints", 0) == 0 || d.pointer == "/id" ? journey_file.c_str() : survey_file.c_str(),
                             d.pointer.c_str(), d.message.c_str());
        return kExitInvalid;
    }
    std::string out;
    for (long long i = 0; i < count; ++i) {
        out += gen->next();
        out.push_back('\n');
        if (out.size() > (1 << 20)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
}

}  // namespace touchpoint::cli
