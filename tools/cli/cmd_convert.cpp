// `touchpoint convert IN -o OUT`: journey maps between journey/1 JSON, Mermaid `journey` text and
// TheyDo-style metrics JSON. Formats follow the file names (.mmd/.mermaid = Mermaid,
// .theydo.json = TheyDo, other .json = journey/1) unless --from/--to say otherwise.
#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/file_io.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/journey/interchange.hpp"

namespace touchpoint::cli {
namespace {

bool ends_with(const std::string& s, const char* suffix) {
    const std::string x(suffix);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

std::string format_of(const std::string& path, const std::string& text) {
    if (ends_with(path, ".mmd") || ends_with(path, ".mermaid")) return "mermaid";
    if (ends_with(path, ".theydo.json")) return "theydo";
    // Sniff content for stdin or unusual names: Mermaid starts with "journey", TheyDo with a
    // "journey" object, journey/1 with "touchpoint".
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text.compare(first, 7, "journey") == 0) return "mermaid";
    if (text.find("\"touchpoint\"") == std::string::npos && text.find("\"journey\"") != std::string::npos) return "theydo";
    return "journey";
}

}  // namespace

int convert_main(const Args& args) {
    CLI::App app{"Convert a journey map between journey/1 JSON, Mermaid journey text and TheyDo metrics JSON",
                 "touchpoint convert"};
    std::string in, out = "-", from, to, locale, id;
    app.add_option("input", in, "the map to read (- for stdin)")->required();
    app.add_option("-o,--output", out, "where to write (- for stdout, the default)");
    app.add_option("--from", from, "input format, else from the file name or content")
        ->check(CLI::IsMember({"journey", "mermaid", "theydo"}));
    app.add_option("--to", to, "output format, else from the output file name (default journey)")
        ->check(CLI::IsMember({"journey", "mermaid", "theydo"}));
    app.add_option("--locale", locale, "language of the texts written to Mermaid/TheyDo (default: the map's first)");
    app.add_option("--id", id, "map id for Mermaid input, which has none (default: the file name)");
    if (const auto done = parse_args(app, args)) return *done;
    const auto text = read_whole(in);
    if (!text) {
        std::fprintf(stderr, "touchpoint convert: cannot read %s\n", in.c_str());
        return kExitUsage;
    }
    if (from.empty()) from = format_of(in, *text);
    if (to.empty()) to = out == "-" ? "journey" : format_of(out, "");
    if (id.empty()) {
        std::string base = in == "-" ? "imported" : in.substr(in.find_last_of('/') + 1);
        base = base.substr(0, base.find('.'));
        id = journey::slug_id(base, "imported");
    }

    Diagnostics diags;
    std::optional<journey::Map> map;
    if (from == "mermaid") map = journey::from_mermaid(*text, id, diags);
    else if (from == "theydo") map = journey::from_theydo(*text, diags);
    else map = journey::parse_map(*text, diags);
    print_diagnostics(in, diags);
    if (!map) return kExitInvalid;
    if (locale.empty()) locale = std::string(map->default_locale());

    std::string result;
    if (to == "mermaid") result = journey::to_mermaid(*map, locale);
    else if (to == "theydo") result = journey::to_theydo(*map, locale) + "\n";
    else result = journey::dump_map(*map) + "\n";
    if (!write_whole(out, result)) {
        std::fprintf(stderr, "touchpoint convert: cannot write %s\n", out.c_str());
        return kExitUsage;
    }
    return kExitOk;
}

}  // namespace touchpoint::cli
