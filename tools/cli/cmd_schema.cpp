// `touchpoint schema KIND`: prints the JSON Schema (draft 2020-12) of survey/1, response/1,
// journey/1 or displays/1, written from the core's field tables (touchpoint/base/schema.hpp). The committed
// copies in docs/schema/ are this output; the CTest cli_schema fails when they drift.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/aggregate/displays_schema.hpp"
#include "touchpoint/journey/schema.hpp"
#include "touchpoint/response/schema.hpp"
#include "touchpoint/survey/schema.hpp"

namespace touchpoint::cli {

int schema_main(const Args& args) {
    CLI::App app{"Print the JSON Schema (draft 2020-12) of a Touchpoint format", "touchpoint schema"};
    std::string kind;
    app.add_option("KIND", kind, "survey, response, journey or displays")
        ->required()
        ->check(CLI::IsMember({"survey", "response", "journey", "displays"}));
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    const schema::Document& doc = kind == "survey"     ? survey_schema()
                                  : kind == "response" ? response_schema()
                                  : kind == "journey"  ? journey_schema()
                                                       : displays_schema();
    const std::string text = schema::write_json_schema(doc).dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
}

}  // namespace touchpoint::cli
