// `touchpoint publish FILE --to URL --token T`: publishes a survey or a journey map kept in git
// (from CI) to a collector, the way Studio does: the same core validation (here first, so a broken file never
// leaves the machine, and again by the collector), the same numbered versions and history. An
// unchanged file publishes nothing new (its version is published again if it was not).
// The file's "touchpoint" field says which: "survey/1" (served at /v1/surveys/ID) or "journey/1"
// (served at /v1/maps/ID).
// Exit 0 published, 1 refused (invalid document, wrong credential), 2 usage or unreachable.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cli/command.hpp"
#include "cli/file_io.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::cli {

int publish_main(const Args& args) {
    CLI::App app{"Publish a survey/1 or journey/1 file to a collector (touchpoint serve --editor-token ...): validated, versioned, "
                 "served at URL/v1/surveys/ID or URL/v1/maps/ID",
                 "touchpoint publish"};
    std::string file, to, token, author;
    bool draft = false;
    app.add_option("file", file, "the survey or journey map (- for stdin)")->required();
    app.add_option("--to", to, "the collector's base URL, e.g. https://collect.example.com")->required();
    app.add_option("--token", token, "an editor token of that collector (default: $TOUCHPOINT_EDITOR_TOKEN)");
    app.add_option("--author", author, "a label added to the version's author (e.g. the CI job or commit)");
    app.add_flag("--draft", draft, "save as a new draft version without publishing it");
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    if (token.empty()) {
        const char* env = std::getenv("TOUCHPOINT_EDITOR_TOKEN");
        token = env ? env : "";
    }
    if (token.empty()) {
        std::fprintf(stderr, "touchpoint publish: --token (or TOUCHPOINT_EDITOR_TOKEN) is required\n");
        return kExitUsage;
    }
    while (!to.empty() && to.back() == '/') to.pop_back();
    if (to.rfind("http://", 0) != 0 && to.rfind("https://", 0) != 0) {
        std::fprintf(stderr, "touchpoint publish: --to must be an http:// or https:// URL\n");
        return kExitUsage;
    }

    SurveyLimits limits;
    std::string error;
    const auto text = read_whole(file, &error, std::max<std::size_t>(limits.max_bytes, journey::Limits{}.max_bytes));  // each parser checks its own
    if (!text) {
        std::fprintf(stderr, "%s: cannot read: %s\n", file.c_str(), error.c_str());
        return kExitUsage;
    }
    // The core validates here first, by the document's kind.
    const nlohmann::json probe = nlohmann::json::parse(*text, nullptr, false);
    const bool is_map = probe.is_object() && probe.value("touchpoint", std::string()) == "journey/1";
    Diagnostics d;
    std::string id, hash;
    if (is_map) {
        const std::optional<journey::Map> map = journey::parse_map(*text, d);
        print_diagnostics(file, d);
        if (!map || d.has_errors()) return kExitInvalid;
        id = map->id;
        hash = survey_content_hash(probe);
    } else {
        register_builtin_question_types();
        const std::unique_ptr<Survey> survey = parse_survey(*text, d, limits);
        print_diagnostics(file, d);
        if (!survey || d.has_errors()) return kExitInvalid;
        id = survey->id;
        hash = survey->hash;
    }
    const std::string kind = is_map ? "maps" : "surveys";

    httplib::Client client(to);
    client.set_connection_timeout(10);
    client.set_read_timeout(60);
    httplib::Headers headers = {{"Authorization", "Bearer " + token}};
    if (!author.empty()) headers.emplace("X-Touchpoint-Author", author);
    const std::string path = "/v1/studio/" + kind + "/" + id + (draft ? "" : "?publish=1");
    const auto res = client.Put(path.c_str(), headers, *text, "application/json");
    if (!res) {
        std::fprintf(stderr, "touchpoint publish: cannot reach %s: %s\n", to.c_str(), httplib::to_string(res.error()).c_str());
        return kExitUsage;
    }
    const nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status != 200 && res->status != 201) {
        // The collector's refusal: its diagnostics by pointer, like `touchpoint validate`.
        bool printed = false;
        if (body.is_object() && body.contains("errors") && body["errors"].is_array()) {
            for (const auto& e : body["errors"]) {
                if (!e.is_object() || !e.contains("message") || !e["message"].is_string()) continue;
                const std::string pointer = e.contains("pointer") && e["pointer"].is_string() ? e["pointer"].get<std::string>() : "";
                std::fprintf(stderr, "%s: %s%s%s\n", file.c_str(), pointer.c_str(), pointer.empty() ? "" : ": ", e["message"].get<std::string>().c_str());
                printed = true;
            }
        }
        if (!printed) std::fprintf(stderr, "%s: the collector answered HTTP %d\n", file.c_str(), res->status);
        return res->status >= 500 ? kExitUsage : kExitInvalid;
    }
    const long long version = body.is_object() && body.contains("version") && body["version"].is_number_integer() ? body["version"].get<long long>() : 0;
    const bool unchanged = body.is_object() && body.contains("unchanged") && body["unchanged"].is_boolean() && body["unchanged"].get<bool>();
    std::printf("%s: %s %s version %lld (%s)%s\n", file.c_str(), draft ? "saved" : "published", id.c_str(), version, hash.c_str(),
                unchanged ? ", unchanged" : "");
    if (!draft) std::printf("%s/v1/%s/%s\n", to.c_str(), kind.c_str(), id.c_str());
    return kExitOk;
}

}  // namespace touchpoint::cli
