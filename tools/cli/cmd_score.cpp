// `touchpoint score [--survey FILE] [--by KEY]... [--format ndjson|csv] [FILE|-]`: aggregates
// response/1 payloads (NDJSON, or the collector's CSV export — detected from the first bytes)
// into {"groups":[...]} on stdout (format in shared/include/touchpoint/aggregate.hpp). NDJSON is
// streamed in 1 MiB chunks, so memory does not grow with the input. Each bad line is reported on
// stderr as `FILE:LINE: POINTER: message`; the aggregate of the good lines is still printed and the
// exit status is 1. Exit 2 for bad usage or an unreadable file.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "touchpoint/aggregate.hpp"

namespace touchpoint::cli {
namespace {

bool read_all(std::FILE* f, std::string& data) {
    static char buf[1 << 20];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) data.append(buf, n);
    return !std::ferror(f);
}

bool looks_like_csv(std::string_view head) {
    if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    return head.substr(0, 10) == "id,survey,";
}

}  // namespace

int score_main(const Args& args) {
    CLI::App app{"Aggregate response/1 payloads (NDJSON or CSV export): n, NPS with margin of error, CSAT, CES per group",
                 "touchpoint score"};
    std::string survey_file, format = "auto", input = "-";
    std::vector<std::string> by;
    app.add_option("--survey", survey_file, "survey/1 definition, to label answer groups with choice labels");
    app.add_option("--by", by,
                   "group key, repeatable: survey, map, stage, touchpoint, locale, answer.<qid>, segment.<name>, day, week, month")
        ->allow_extra_args(false);  // one key per --by, so a file name after it stays the input
    app.add_option("--format", format, "input format (default: detected)")->check(CLI::IsMember({"auto", "ndjson", "csv"}));
    app.add_option("input", input, "responses file (- or nothing for stdin)");
    std::vector<std::string> argv(args.rbegin(), args.rend());
    try {
        app.parse(argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    Aggregator agg(by);
    if (!agg.ok()) {
        std::fprintf(stderr, "touchpoint score: %s\n", agg.error().c_str());
        return kExitUsage;
    }
    if (!survey_file.empty()) {
        std::FILE* f = std::fopen(survey_file.c_str(), "rb");
        std::string text;
        if (!f || !read_all(f, text)) {
            std::fprintf(stderr, "%s: cannot read: %s\n", survey_file.c_str(), std::strerror(errno));
            if (f) std::fclose(f);
            return kExitUsage;
        }
        std::fclose(f);
        nlohmann::json survey = nlohmann::json::parse(text, nullptr, false);
        if (survey.is_discarded() || !survey.is_object()) {
            std::fprintf(stderr, "%s: not a survey/1 JSON document\n", survey_file.c_str());
            return kExitUsage;
        }
        agg.set_survey(survey);
    }
    std::FILE* in = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
    if (!in) {
        std::fprintf(stderr, "%s: cannot read: %s\n", input.c_str(), std::strerror(errno));
        return kExitUsage;
    }
    const std::string name = input == "-" ? "<stdin>" : input;
    static char buf[1 << 20];
    std::size_t n = std::fread(buf, 1, sizeof buf, in);
    bool csv = format == "csv" || (format == "auto" && looks_like_csv(std::string_view(buf, n)));
    bool failed = false;
    if (csv) {  // records may span lines: the reader wants the whole export
        std::string data(buf, n);
        failed = !read_all(in, data);
        agg.add_csv(data);
    } else {
        while (n > 0) {
            agg.add_ndjson(std::string_view(buf, n));
            n = std::fread(buf, 1, sizeof buf, in);
        }
        failed = std::ferror(in) != 0;
    }
    agg.finish();
    if (in != stdin) std::fclose(in);
    if (failed) {
        std::fprintf(stderr, "%s: read error\n", name.c_str());
        return kExitUsage;
    }
    for (const BadLine& b : agg.bad_lines()) {
        // "POINTER: message"; a whole-line problem has the empty pointer: print just the message.
        const char* msg = b.message.rfind(": ", 0) == 0 ? b.message.c_str() + 2 : b.message.c_str();
        std::fprintf(stderr, "%s:%zu: %s\n", name.c_str(), b.line, msg);
    }
    if (agg.bad_line_count() > agg.bad_lines().size())
        std::fprintf(stderr, "%s: ... and %llu more bad lines\n", name.c_str(),
                     static_cast<unsigned long long>(agg.bad_line_count() - agg.bad_lines().size()));
    std::string out = agg.result_json();
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (agg.bad_line_count() > 0) {
        std::fprintf(stderr, "%s: %llu bad lines skipped, %llu responses aggregated\n", name.c_str(),
                     static_cast<unsigned long long>(agg.bad_line_count()), static_cast<unsigned long long>(agg.responses()));
        return kExitInvalid;
    }
    return kExitOk;
}

}  // namespace touchpoint::cli
