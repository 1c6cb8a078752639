// Where an edited map comes from and goes to: a journey/1 file, a Mermaid `journey` diagram, a
// TheyDo export or a blank map (the core's parsers and blank_map), and back out as journey/1
// JSON, Mermaid or TheyDo (the core's writers). The viewer converts nothing itself.
#include "touchpoint/journey/edit.hpp"
#include "touchpoint/journey/interchange.hpp"
#include "viewer.hpp"

namespace tpviewer {
namespace {

using json = nlohmann::json;

json diagnostics_json(const touchpoint::Diagnostics& diags) {
    json out = json::array();
    for (const auto& d : diags.items())
        out.push_back({{"severity", d.severity == touchpoint::Severity::Error ? "error" : "warning"},
                       {"pointer", d.pointer}, {"message", d.message}});
    return out;
}

}  // namespace

json import_map(Viewer& v, std::string_view format, std::string_view text, std::string_view locale) {
    if (format == "journey" || format.empty()) return load_map(v, text, locale);
    touchpoint::Diagnostics diags;
    std::optional<jn::Map> map;
    if (format == "mermaid") {
        map = jn::from_mermaid(text, "imported-journey", diags);
    } else if (format == "theydo") {
        map = jn::from_theydo(text, diags);
    } else if (format == "blank") {
        // text: a JSON array of stage titles ("" or [] for one untitled stage).
        std::vector<std::string> titles;
        const json list = text.empty() ? json::array() : json::parse(text.begin(), text.end(), nullptr, false);
        if (!list.is_array()) diags.error("", "a blank map takes a JSON array of stage titles");
        else
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (list[i].is_string()) titles.push_back(list[i].get<std::string>());
                else diags.error(touchpoint::pointer_join("", i), "a stage title is a string");
            }
        if (!diags.has_errors()) map = jn::blank_map("new-journey", locale.empty() ? std::string_view("en") : locale, titles);
    } else {
        diags.error("", "unknown map format \"" + std::string(format) + "\" (journey, mermaid, theydo or blank)");
    }
    json out = {{"ok", map.has_value()}, {"diagnostics", diagnostics_json(diags)}};
    if (!map) return out;
    // Through journey/1 once, so an imported map is held exactly as a loaded file would be.
    return load_map(v, jn::dump_map(*map), locale);
}

json export_map(const Viewer& v, std::string_view format) {
    if (!v.has_map) return {{"ok", false}, {"error", "no map loaded"}};
    if (format == "journey" || format.empty()) return {{"ok", true}, {"text", jn::dump_map(v.map)}};
    if (format == "mermaid") return {{"ok", true}, {"text", jn::to_mermaid(v.map, v.locale)}};
    if (format == "theydo") return {{"ok", true}, {"text", jn::to_theydo(v.map, v.locale)}};
    return {{"ok", false}, {"error", "unknown map format \"" + std::string(format) + "\" (journey, mermaid or theydo)"}};
}

}  // namespace tpviewer
