// `touchpoint validate FILE...`: checks Touchpoint documents with the same core the widget runs.
// The kind comes from each file's "touchpoint" member: survey/1 (the survey loader), journey/1
// (the journey map loader) or response/1 (the response validator); a file of response/1 lines
// (NDJSON, as `touchpoint generate` and the collector's export write) is checked line by line.
// Prints every diagnostic as `FILE: POINTER: message` (`FILE:LINE: POINTER: message` for NDJSON;
// warnings as `FILE: warning: POINTER: message`) and `FILE: ok (KIND)` for a valid file. A JSON
// syntax error names line, column and byte. Exit 0 when all are valid, 1 when any has an error, 2
// when a file cannot be read (or on bad usage).
#include <algorithm>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/file_io.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::cli {
namespace {

constexpr std::size_t kMaxNdjsonBytes = 256u << 20;

// The value of the first "touchpoint" member in the text, without parsing it: only to pick the
// size and nesting limits of that kind before the parser runs (the kind itself is read from the
// parsed document).
std::string sniff_kind(const std::string& text) {
    const std::size_t key = text.find("\"touchpoint\"");
    if (key == std::string::npos) return {};
    std::size_t i = key + 12;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n' || text[i] == ':')) ++i;
    if (i >= text.size() || text[i] != '"') return {};
    const std::size_t end = text.find('"', i + 1);
    return end == std::string::npos ? std::string() : text.substr(i + 1, std::min<std::size_t>(end - i - 1, 20));
}

void print(const std::string& where, const Diagnostics& d) {
    for (const Diagnostic& item : d.items())
        std::printf("%s: %s%s: %s\n", where.c_str(), item.severity == Severity::Warning ? "warning: " : "",
                    item.pointer.empty() ? "/" : item.pointer.c_str(), item.message.c_str());
}

// A file of response/1 payloads, one per line: true if the first non-blank line is one on its own
// and more lines follow (a single JSON document spread over lines does not parse line by line).
bool looks_like_ndjson(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        const std::string_view line(text.data() + start, nl - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            nlohmann::json first;
            if (!parse_json(line, first) || !first.is_object()) return false;
            auto kind = first.find("touchpoint");
            return kind != first.end() && *kind == "response/1" &&
                   text.find_first_not_of(" \t\r\n", nl) != std::string::npos;
        }
        start = nl + 1;
    }
    return false;
}

// Every line a response/1; returns the number of lines with errors.
std::size_t validate_ndjson(const std::string& file, const std::string& text, std::size_t& responses) {
    std::size_t bad = 0, line_no = 0, start = 0;
    responses = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        const std::string_view line(text.data() + start, nl - start);
        start = nl + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = file + ":" + std::to_string(line_no);
        Diagnostics d;
        SurveyLimits limits;  // a response is no bigger or deeper than a survey
        nlohmann::json doc;
        if (precheck_json(line, limits, d) && parse_json(line, doc, d)) d = validate_response(doc);
        print(where, d);
        if (d.has_errors()) ++bad;
        else ++responses;
    }
    return bad;
}

}  // namespace

int validate_main(const Args& args) {
    CLI::App app{"Validate survey/1, journey/1 and response/1 files, by their \"touchpoint\" member "
                 "(exit 0 if all are valid, 1 if not, 2 if unreadable)",
                 "touchpoint validate"};
    std::vector<std::string> files;
    bool quiet = false;
    app.add_option("files", files, "documents to check (- for stdin): surveys, journey maps, responses (JSON or NDJSON)")
        ->required();
    app.add_flag("-q,--quiet", quiet, "print nothing for valid files");
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    register_builtin_question_types();
    int status = kExitOk;
    for (const std::string& file : files) {
        std::string error;
        auto text = read_whole(file, &error, kMaxNdjsonBytes);
        if (!text) {
            std::fprintf(stderr, "%s: cannot read: %s\n", file.c_str(), error.c_str());
            status = kExitUsage;
            continue;
        }
        Diagnostics d;
        std::string kind;
        if (looks_like_ndjson(*text)) {
            std::size_t responses = 0;
            if (text->size() > kMaxNdjsonBytes) d.error("", "the file is larger than " + std::to_string(kMaxNdjsonBytes) + " bytes");
            else if (validate_ndjson(file, *text, responses) > 0) d.error("", "some lines are not valid response/1 payloads");
            kind = std::to_string(responses) + " response/1 lines";
        } else {
            // Size and nesting limits of the kind the file claims; the survey's (the smallest)
            // when it claims none.
            SurveyLimits limits;
            const std::string claimed = sniff_kind(*text);
            if (claimed == "journey/1") limits.max_bytes = journey::Limits{}.max_bytes;
            nlohmann::json doc;
            if (precheck_json(*text, limits, d) && parse_json(*text, doc, d)) {
                const auto member = doc.is_object() ? doc.find("touchpoint") : doc.end();
                kind = doc.is_object() && member != doc.end() && member->is_string() ? member->get<std::string>() : "";
                if (kind == "survey/1") {
                    parse_survey(*text, d, limits);
                } else if (kind == "journey/1") {
                    journey::parse_map(*text, d);
                } else if (kind == "response/1") {
                    d = validate_response(doc);
                } else if (!doc.is_object()) {
                    d.error("", "expected a JSON object: a survey/1, journey/1 or response/1 document");
                } else {
                    d.error("/touchpoint", member == doc.end()
                                               ? "missing: expected \"survey/1\", \"journey/1\" or \"response/1\""
                                               : "expected \"survey/1\", \"journey/1\" or \"response/1\", not " +
                                                     member->dump());
                }
            }
        }
        print(file, d);
        if (d.has_errors()) {
            if (status == kExitOk) status = kExitInvalid;
        } else if (!quiet) {
            std::printf("%s: ok (%s)\n", file.c_str(), kind.c_str());
        }
    }
    return status;
}

}  // namespace touchpoint::cli
