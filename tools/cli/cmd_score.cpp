// `touchpoint score [--survey FILE] [--by KEY]... [--format ndjson|csv] [FILE|-]`: aggregates
// response/1 payloads (NDJSON, or the collector's CSV export — detected from the first bytes)
// into {"groups":[...]} on stdout (format in shared/include/touchpoint/aggregate/aggregator.hpp). Repeated
// --by keys group by their combination. Input (NDJSON or CSV) is streamed in 1 MiB chunks, so
// memory does not grow with the input. The first 10 bad lines are reported on stderr as
// `FILE:LINE: POINTER: message` (a JSON syntax error names the column), then `… N more bad lines`;
// the aggregate of the good lines is still printed and the exit status is 1 (so a file of
// garbage, where nothing could be read, exits 1 too). Exit 2 for bad usage or an unreadable file.
//
// Several groupings in one pass: `--grouping touchpoint --grouping stage,month` (each a
// comma-separated key list; not combined with --by) prints
//   {"groupings":[{"by":["touchpoint"],"responses":N,"bad_lines":B,"groups":[...]}, ...]}
// with each "groups" exactly what `--by` with those keys prints; a bad line is reported once
// even when several groupings refuse it.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/base/json_text.hpp"

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
    std::vector<std::string> by, grouping_specs;
    app.add_option("--survey", survey_file, "survey/1 definition, to label answer groups with choice labels");
    app.add_option("--by", by,
                   "group key, repeatable: survey, map, stage, touchpoint, locale, answer.<qid>, segment.<name>, day, week, month")
        ->allow_extra_args(false);  // one key per --by, so a file name after it stays the input
    app.add_option("--grouping", grouping_specs,
                   "a separate grouping computed in the same pass, repeatable: KEY[,KEY...] (e.g. --grouping touchpoint "
                   "--grouping stage,month)")
        ->allow_extra_args(false);
    app.add_option("--format", format, "input format (default: detected)")->check(CLI::IsMember({"auto", "ndjson", "csv"}));
    app.add_option("input", input, "responses file (- or nothing for stdin)");
    if (const auto done = parse_args(app, args)) return *done;
    if (!grouping_specs.empty() && !by.empty()) {
        std::fprintf(stderr, "touchpoint score: use either --by or --grouping\n");
        return kExitUsage;
    }
    const bool several = !grouping_specs.empty();
    std::vector<std::vector<std::string>> groupings;
    for (const std::string& spec : grouping_specs) {
        std::vector<std::string> keys;
        std::size_t start = 0;
        while (start <= spec.size()) {
            std::size_t comma = spec.find(',', start);
            if (comma == std::string::npos) comma = spec.size();
            if (comma > start) keys.push_back(spec.substr(start, comma - start));
            start = comma + 1;
        }
        groupings.push_back(std::move(keys));
    }
    Aggregator agg = several ? Aggregator::for_groupings(groupings) : Aggregator(by);
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
        nlohmann::json survey;
        JsonSyntaxError syntax;
        if (!parse_json(text, survey, &syntax)) {
            std::fprintf(stderr, "%s: not valid JSON at %s\n", survey_file.c_str(), syntax.describe().c_str());
            return kExitUsage;
        }
        if (!survey.is_object()) {
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
    while (n > 0) {
        if (csv) agg.add_csv(std::string_view(buf, n));
        else agg.add_ndjson(std::string_view(buf, n));
        n = std::fread(buf, 1, sizeof buf, in);
    }
    const bool failed = std::ferror(in) != 0;
    agg.finish();
    if (in != stdin) std::fclose(in);
    if (failed) {
        std::fprintf(stderr, "%s: read error\n", name.c_str());
        return kExitUsage;
    }
    // Bad lines of every grouping, each (line, message) once, in line order.
    std::vector<BadLine> bad;
    std::uint64_t bad_total = 0;
    for (std::size_t g = 0; g < agg.grouping_count(); ++g) {
        bad.insert(bad.end(), agg.bad_lines(g).begin(), agg.bad_lines(g).end());
        bad_total = std::max(bad_total, agg.bad_line_count(g));
    }
    std::stable_sort(bad.begin(), bad.end(), [](const BadLine& a, const BadLine& b) { return a.line < b.line; });
    bad.erase(std::unique(bad.begin(), bad.end(),
                          [](const BadLine& a, const BadLine& b) { return a.line == b.line && a.message == b.message; }),
              bad.end());
    // The first few bad lines, then a count: a file of garbage must not flood the terminal.
    constexpr std::size_t kListed = 10;
    for (std::size_t i = 0; i < bad.size() && i < kListed; ++i) {
        const BadLine& b = bad[i];
        // "POINTER: message"; a whole-line problem has the empty pointer: print just the message.
        const char* msg = b.message.rfind(": ", 0) == 0 ? b.message.c_str() + 2 : b.message.c_str();
        std::fprintf(stderr, "%s:%zu: %s\n", name.c_str(), b.line, msg);
    }
    const std::uint64_t listed = std::min<std::uint64_t>(bad.size(), kListed);
    const std::uint64_t total = std::max<std::uint64_t>(bad_total, bad.size());
    if (total > listed)
        std::fprintf(stderr, "%s: … %llu more bad lines\n", name.c_str(), static_cast<unsigned long long>(total - listed));
    std::string out;
    if (!several) {
        out = agg.result_json();
    } else {
        nlohmann::ordered_json all = {{"groupings", nlohmann::ordered_json::array()}};
        for (std::size_t g = 0; g < agg.grouping_count(); ++g) {
            nlohmann::ordered_json one = nlohmann::ordered_json::parse(agg.result_json(g), nullptr, false);
            nlohmann::ordered_json entry = {{"by", agg.grouping_keys(g)},
                                            {"responses", agg.responses(g)},
                                            {"bad_lines", agg.bad_line_count(g)},
                                            {"groups", std::move(one["groups"])}};
            all["groupings"].push_back(std::move(entry));
        }
        out = all.dump();
    }
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (bad_total > 0) {
        if (!several)
            std::fprintf(stderr, "%s: %llu bad lines skipped, %llu responses aggregated\n", name.c_str(),
                         static_cast<unsigned long long>(bad_total), static_cast<unsigned long long>(agg.responses()));
        else
            for (std::size_t g = 0; g < agg.grouping_count(); ++g)
                std::fprintf(stderr, "%s: grouping %zu: %llu bad lines skipped, %llu responses aggregated\n", name.c_str(),
                             g + 1, static_cast<unsigned long long>(agg.bad_line_count(g)),
                             static_cast<unsigned long long>(agg.responses(g)));
        return kExitInvalid;
    }
    return kExitOk;
}

}  // namespace touchpoint::cli
