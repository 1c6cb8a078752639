// `touchpoint score [--survey FILE] [--by KEY]... [--format ndjson|csv] [FILE|-]`: aggregates
// response/1 payloads (NDJSON, or the collector's CSV export — detected from the first bytes)
// into {"groups":[...]} on stdout (format in shared/include/touchpoint/aggregate/aggregator.hpp). Repeated
// --by keys group by their combination. An NDJSON file is read in place (mapped: the OS's file
// cache, not the program's memory); stdin and CSV are streamed in 1 MiB chunks. Either way the
// program's own memory does not grow with the input. The first 10 bad lines are reported on stderr as
// `FILE:LINE: POINTER: message` (a JSON syntax error names the column), then `… N more bad lines`;
// the aggregate of the good lines is still printed and the exit status is 1 (so a file of
// garbage, where nothing could be read, exits 1 too). Exit 2 for bad usage or an unreadable file
// (or one cut shorter while it was read: mapped_file.hpp).
//
// Filters (the same as the collector's results API): --from DAY --to DAY (UTC days of
// submitted_at, inclusive) and --where KEY=VALUE, repeatable (KEY any --by key; the same KEY twice
// means either value). Filtered-out responses are not counted and not bad.
//
// Several groupings in one pass: `--grouping touchpoint --grouping stage,month` (each a
// comma-separated key list; not combined with --by) prints
//   {"groupings":[{"by":["touchpoint"],"responses":N,"bad_lines":B,"groups":[...]}, ...]}
// with each "groups" exactly what `--by` with those keys prints; a bad line is reported once
// even when several groupings refuse it.
//
// An NDJSON file (not stdin, not CSV: a CSV record may span lines) is read by every core (at
// least 4 MiB per thread): cut at line ends into 8 MiB pieces, which the threads take in turn,
// each aggregated alone and merged in file order (Aggregator::merge), which gives exactly the
// one-pass result, bad line numbers included.
// --threads N sets the count (default: the machine's cores; 1 = one pass).
//
// Binned distribution of a number, slider or date question: `--bins QID` (with --survey for the
// question's declared min and step; not combined with --by or --grouping) groups by answer.QID and
// prints the core's bins instead of the groups — what the results API shows as the question's
// "bins" (format and rule in shared/include/touchpoint/aggregate/bins.hpp).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/mapped_file.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/bins.hpp"
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

// Files smaller than this per thread are not worth a thread.
constexpr std::size_t kMinBytesPerThread = std::size_t{4} << 20;
// The pieces the threads take one at a time (aggregate_parallel): about 12,000 responses, a
// hundredth of a second on a core, so the threads end within about that of each other.
constexpr std::size_t kPieceBytes = std::size_t{8} << 20;

// Aggregates `bytes` (whole lines, but for the file's last) into `agg`, in 1 MiB pieces as if
// streamed, so the line length limit and the carrying of a line across pieces are the stream's.
void aggregate_bytes(std::string_view bytes, Aggregator& agg) {
    constexpr std::size_t kPiece = std::size_t{1} << 20;
    for (std::size_t at = 0; at < bytes.size(); at += kPiece) agg.add_ndjson(bytes.substr(at, kPiece));
    agg.finish();
}

// A mapped NDJSON file on `threads` threads. The file is cut just after the first line end at or
// after every kPieceBytes; each thread takes the next piece not yet taken, aggregates it alone, and
// the pieces are merged into `agg` (which has seen nothing yet) in file order as soon as all
// before them are merged, which gives exactly the one-pass result and keeps few pieces' groups in
// memory at once. Pieces rather than one even share per thread: a thread on a slower core (an
// efficiency core of a hybrid CPU, say) takes fewer of them, so the threads finish within a piece
// of each other instead of all waiting for the slowest share.
void aggregate_parallel(std::string_view file, unsigned threads, Aggregator& agg,
                        const std::vector<std::vector<std::string>>& groupings, const AggregateFilter& filter) {
    if (threads == 1) return aggregate_bytes(file, agg);  // one pass: what --threads 1 promises
    std::vector<std::size_t> starts{0};
    while (starts.back() < file.size()) {
        const std::size_t nl = starts.back() + kPieceBytes < file.size() ? file.find('\n', starts.back() + kPieceBytes) : std::string_view::npos;
        starts.push_back(nl == std::string_view::npos ? file.size() : nl + 1);
    }
    const std::size_t pieces = starts.size() - 1;
    std::vector<std::optional<Aggregator>> done(pieces);  // finished, not yet merged
    std::size_t merged = 0;                                // pieces merged into `agg`
    std::mutex merging;
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < pieces;) {
            Aggregator part = Aggregator::for_groupings(groupings);
            part.set_filter(filter);  // accepted already by `agg`: cannot refuse
            aggregate_bytes(file.substr(starts[i], starts[i + 1] - starts[i]), part);
            const std::lock_guard<std::mutex> lock(merging);
            done[i] = std::move(part);
            for (; merged < pieces && done[merged]; ++merged) {
                agg.merge(*done[merged]);  // same groupings by construction: cannot refuse
                done[merged].reset();
            }
        }
    };
    std::vector<std::thread> running;
    for (unsigned t = 1; t < threads; ++t) running.emplace_back(work);
    work();
    for (std::thread& t : running) t.join();
}

}  // namespace

int score_main(const Args& args) {
    CLI::App app{"Aggregate response/1 payloads (NDJSON or CSV export): n, NPS with margin of error, CSAT, CES per group",
                 "touchpoint score"};
    std::string survey_file, format = "auto", input = "-", bins_question;
    std::vector<std::string> by, grouping_specs;
    app.add_option("--survey", survey_file, "survey/1 definition, to label answer groups with choice labels");
    app.add_option("--by", by,
                   "group key, repeatable: survey, version, map, stage, touchpoint, locale, answer.<qid>, answer.<qid>/<row or item>, segment.<name>, day, week, month")
        ->allow_extra_args(false);  // one key per --by, so a file name after it stays the input
    app.add_option("--grouping", grouping_specs,
                   "a separate grouping computed in the same pass, repeatable: KEY[,KEY...] (e.g. --grouping touchpoint "
                   "--grouping stage,month)")
        ->allow_extra_args(false);
    app.add_option("--bins", bins_question,
                   "print the binned distribution of this number, slider or date question's answers (QID) instead of groups");
    AggregateFilter filter;
    std::vector<std::string> where;
    app.add_option("--from", filter.from, "only responses submitted on or after this UTC day (YYYY-MM-DD)");
    app.add_option("--to", filter.to, "only responses submitted on or before this UTC day (YYYY-MM-DD)");
    app.add_option("--where", where, "only responses whose KEY (any --by key) has VALUE, repeatable: KEY=VALUE")
        ->allow_extra_args(false);
    app.add_option("--format", format, "input format (default: detected)")->check(CLI::IsMember({"auto", "ndjson", "csv"}));
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    app.add_option("--threads", threads, "threads reading an NDJSON file (default: the machine's cores; 1 = one pass)")
        ->check(CLI::Range(1u, 256u));
    app.add_option("input", input, "responses file (- or nothing for stdin)");
    if (const auto done = parse_args(app, args)) return *done;
    if (!grouping_specs.empty() && !by.empty()) {
        std::fprintf(stderr, "touchpoint score: use either --by or --grouping\n");
        return kExitUsage;
    }
    if (!bins_question.empty() && (!by.empty() || !grouping_specs.empty())) {
        std::fprintf(stderr, "touchpoint score: --bins groups by its question; leave out --by and --grouping\n");
        return kExitUsage;
    }
    if (!bins_question.empty()) by = {"answer." + bins_question};
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
    if (!several) groupings = {by};
    Aggregator agg = Aggregator::for_groupings(groupings);
    for (const std::string& w : where) {
        const std::size_t eq = w.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::fprintf(stderr, "touchpoint score: --where must be KEY=VALUE, not \"%s\"\n", w.c_str());
            return kExitUsage;
        }
        filter.where.emplace_back(w.substr(0, eq), w.substr(eq + 1));
    }
    if (agg.ok()) agg.set_filter(filter);
    if (!agg.ok()) {
        std::fprintf(stderr, "touchpoint score: %s\n", agg.error().c_str());
        return kExitUsage;
    }
    nlohmann::json survey_json = nlohmann::json::object();
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
        survey_json = std::move(survey);
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
    long size = -1;
    if (in != stdin && !csv && std::fseek(in, 0, SEEK_END) == 0) size = std::ftell(in);
    const std::optional<MappedFile> mapped = size > 0 ? MappedFile::of(in, static_cast<std::size_t>(size)) : std::nullopt;
    bool failed = false;
    if (mapped) {
        threads = static_cast<unsigned>(std::clamp<std::size_t>(mapped->bytes().size() / kMinBytesPerThread, 1, threads));
        aggregate_parallel(mapped->bytes(), threads, agg, groupings, filter);
    } else {  // stdin, a pipe, CSV (a record may span lines): one pass over 1 MiB chunks
        if (size >= 0 && std::fseek(in, static_cast<long>(n), SEEK_SET) != 0) failed = true;
        while (!failed && n > 0) {
            if (csv) agg.add_csv(std::string_view(buf, n));
            else agg.add_ndjson(std::string_view(buf, n));
            n = std::fread(buf, 1, sizeof buf, in);
        }
        failed = failed || std::ferror(in) != 0;
        agg.finish();
    }
    if (in != stdin) std::fclose(in);
    if (mapped && mapped->cut_short()) {  // what was read is not that file's: report nothing of it
        std::fprintf(stderr, "%s: the file was cut shorter while it was read; nothing aggregated\n", name.c_str());
        return kExitUsage;
    }
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
    if (!bins_question.empty()) {
        std::string error;
        std::optional<nlohmann::json> declared = nlohmann::json::object();
        if (!survey_file.empty() && !(declared = declared_value_range(survey_json, bins_question))) {
            std::fprintf(stderr, "touchpoint score: --bins: %s has no question \"%s\" (or is not a valid survey)\n", survey_file.c_str(),
                         bins_question.c_str());
            return kExitUsage;
        }
        const auto bins = answer_bins(agg.result()["groups"], by.front(), *declared, &error);
        if (!bins) {
            std::fprintf(stderr, "touchpoint score: --bins: %s\n", error.c_str());
            return kExitUsage;
        }
        out = bins->dump();
    } else if (!several) {
        out = agg.result_json();
    } else {
        nlohmann::ordered_json all = {{"groupings", nlohmann::ordered_json::array()}};
        for (std::size_t g = 0; g < agg.grouping_count(); ++g) {
            nlohmann::ordered_json one = agg.result_ordered(g);
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
