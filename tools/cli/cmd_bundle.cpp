// `touchpoint bundle MAP [RESPONSES] -o demo.html`: one self-contained HTML file with the
// journey viewer (its JS and wasm inlined as base64, the wasm handed to the module as
// wasmBinary), the <touchpoint-journey> element, the map and the responses. It opens from
// file:// with no network at all; its Content-Security-Policy forbids every connection.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <unistd.h>

#include "cli/command.hpp"
#include "cli/file_io.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/response/csv.hpp"

namespace touchpoint::cli {
namespace {

std::string base64(std::string_view in) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                           static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// JSON (or NDJSON) safe inside a <script> element: '<' only occurs inside JSON strings, where
// "\u003c" means the same, so "</script>" and "<!--" cannot end or confuse the element.
std::string script_safe(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    for (char c : json) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

// The browser assets: --dist, $TP_DIST, then the wasm build next to this binary's build tree.
std::string find_dist(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("TP_DIST"); env && *env) return env;
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        std::string dir(exe, static_cast<std::size_t>(n));
        for (int up = 0; up < 3 && dir.find('/') != std::string::npos; ++up) {
            dir = dir.substr(0, dir.find_last_of('/'));
            const std::string candidate = dir + "/wasm-release/dist";
            if (std::FILE* f = std::fopen((candidate + "/touchpoint-viewer.wasm").c_str(), "rb")) {
                std::fclose(f);
                return candidate;
            }
        }
    }
    return "build/wasm-release/dist";
}

}  // namespace

int bundle_main(const Args& args) {
    CLI::App app{"Write one self-contained HTML file (viewer, map, responses) that works offline from file://",
                 "touchpoint bundle"};
    std::string map_path, responses_path, out, dist, compare_path, theme = "auto", table = "beside";
    app.add_option("map", map_path, "journey/1 map (JSON)")->required();
    app.add_option("responses", responses_path, "responses: response/1 NDJSON or the collector's CSV export");
    app.add_option("-o,--output", out, "the HTML file to write")->required();
    app.add_option("--dist", dist, "the wasm build's browser assets (default: $TP_DIST, else build/wasm-release/dist)");
    app.add_option("--compare", compare_path, "the as-is / to-be counterpart map to compare with");
    app.add_option("--theme", theme, "light, dark or auto (follows the system)")->check(CLI::IsMember({"light", "dark", "auto"}));
    app.add_option("--table", table, "where the accessible table goes")->check(CLI::IsMember({"beside", "below", "hidden"}));
    if (const auto done = parse_args(app, args)) return *done;

    // The map must be valid: a bundle is what people open in meetings.
    const auto map_text = read_whole(map_path);
    if (!map_text) {
        std::fprintf(stderr, "touchpoint bundle: cannot read %s\n", map_path.c_str());
        return kExitUsage;
    }
    Diagnostics diags;
    const auto map = journey::parse_map(*map_text, diags);
    print_diagnostics(map_path, diags);
    if (!map) return kExitInvalid;
    std::string compare_json;
    if (!compare_path.empty()) {
        const auto text = read_whole(compare_path);
        if (!text) {
            std::fprintf(stderr, "touchpoint bundle: cannot read %s\n", compare_path.c_str());
            return kExitUsage;
        }
        Diagnostics d2;
        const auto other = journey::parse_map(*text, d2);
        print_diagnostics(compare_path, d2);
        if (!other) return kExitInvalid;
        compare_json = journey::dump_map(*other, -1);
    }

    // Responses: checked by the core's aggregator (the viewer's own reader); CSV is turned into
    // NDJSON so the page has one format to read.
    std::string ndjson;
    std::uint64_t count = 0;
    if (!responses_path.empty()) {
        auto data = read_whole(responses_path);
        if (!data) {
            std::fprintf(stderr, "touchpoint bundle: cannot read %s\n", responses_path.c_str());
            return kExitUsage;
        }
        const bool csv = data->rfind("id,", 0) == 0;
        Aggregator check({"touchpoint"});
        if (csv) check.add_csv(*data);
        else check.add_ndjson(*data);
        check.finish();
        if (check.bad_line_count() > 0) {
            for (const BadLine& b : check.bad_lines()) {
                if (&b - check.bad_lines().data() >= 10) break;
                std::fprintf(stderr, "%s: line %zu: %s\n", responses_path.c_str(), b.line, b.message.c_str());
            }
            std::fprintf(stderr, "touchpoint bundle: %llu bad lines in %s\n",
                         static_cast<unsigned long long>(check.bad_line_count()), responses_path.c_str());
            return kExitInvalid;
        }
        count = check.responses();
        if (csv) {
            CsvReader reader(*data);
            std::vector<std::string> fields;
            std::string error;
            std::vector<std::string> field_ids;  // hidden-field columns (checked by the aggregation above)
            bool header = true;
            while (reader.next(fields, error)) {
                if (header) { header = false; csv_header_matches(fields, &field_ids); continue; }
                std::string row_error;
                if (auto payload = response_from_csv(fields, row_error, field_ids)) ndjson += payload->dump() + "\n";
            }
        } else {
            ndjson = std::move(*data);
        }
    }

    dist = find_dist(dist);
    const auto viewer_js = read_whole(dist + "/touchpoint-viewer.js");
    const auto viewer_wasm = read_whole(dist + "/touchpoint-viewer.wasm");
    const auto element_js = read_whole(dist + "/touchpoint-journey.js");
    // The aggregation workers' module (SIMD and scalar builds): large responses split across workers.
    const auto aggregate_js = read_whole(dist + "/touchpoint-aggregate.js");
    const auto aggregate_wasm = read_whole(dist + "/touchpoint-aggregate.wasm");
    const auto aggregate_simd_js = read_whole(dist + "/touchpoint-aggregate-simd.js");
    const auto aggregate_simd_wasm = read_whole(dist + "/touchpoint-aggregate-simd.wasm");
    if (!viewer_js || !viewer_wasm || !element_js || !aggregate_js || !aggregate_wasm || !aggregate_simd_js ||
        !aggregate_simd_wasm) {
        std::fprintf(stderr,
                     "touchpoint bundle: the viewer is not built in %s (touchpoint-viewer.js/.wasm, touchpoint-journey.js,"
                     " touchpoint-aggregate[-simd].js/.wasm);"
                     " build the wasm preset or pass --dist\n", dist.c_str());
        return kExitUsage;
    }

    const std::string locale(map->default_locale());
    const std::string title(map->meta.title.get(locale));
    std::string html;
    html.reserve((viewer_wasm->size() + viewer_js->size() + aggregate_wasm->size() + aggregate_simd_wasm->size()) * 4 / 3 +
                 ndjson.size() + 65536);
    html += "<!doctype html>\n<html lang=\"" + html_escape(locale.empty() ? "en" : locale) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // No connection of any kind: the page is complete by itself.
    html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' blob: "
            "'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:\">\n";
    html += "<meta name=\"generator\" content=\"touchpoint bundle " + std::string(TOUCHPOINT_VERSION) + "\">\n";
    html += "<title>" + html_escape(title) + "</title>\n";
    html += "<style>html,body{margin:0;height:100%}touchpoint-journey{height:100vh}</style>\n</head>\n<body>\n";
    html += "<touchpoint-journey src=\"#tp-map\" theme=\"" + theme + "\" table=\"" + table + "\"";
    if (!responses_path.empty()) html += " responses=\"#tp-responses\" format=\"ndjson\"";
    if (!compare_json.empty()) html += " compare=\"#tp-compare\"";
    html += "></touchpoint-journey>\n";
    html += "<script type=\"application/json\" id=\"tp-map\">" + script_safe(journey::dump_map(*map, -1)) + "</script>\n";
    if (!compare_json.empty())
        html += "<script type=\"application/json\" id=\"tp-compare\">" + script_safe(compare_json) + "</script>\n";
    if (!responses_path.empty())
        html += "<script type=\"application/x-ndjson\" id=\"tp-responses\">\n" + script_safe(ndjson) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-viewer-js\">" + base64(*viewer_js) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-viewer-wasm\">" + base64(*viewer_wasm) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-element-js\">" + base64(*element_js) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-aggregate-js\">" + base64(*aggregate_js) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-aggregate-wasm\">" + base64(*aggregate_wasm) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-aggregate-simd-js\">" + base64(*aggregate_simd_js) + "</script>\n";
    html += "<script type=\"text/plain\" id=\"tp-aggregate-simd-wasm\">" + base64(*aggregate_simd_wasm) + "</script>\n";
    html += R"(<script type="module">
const bytes = (id) => Uint8Array.from(atob(document.getElementById(id).textContent), (c) => c.charCodeAt(0));
const moduleUrl = (id) => URL.createObjectURL(new Blob([bytes(id)], { type: 'text/javascript' }));
globalThis.TouchpointJourneyConfig = { viewerUrl: moduleUrl('tp-viewer-js'), wasmBinary: bytes('tp-viewer-wasm'),
  aggregate: { simd: { glue: bytes('tp-aggregate-simd-js'), wasm: bytes('tp-aggregate-simd-wasm') },
    scalar: { glue: bytes('tp-aggregate-js'), wasm: bytes('tp-aggregate-wasm') } } };
await import(moduleUrl('tp-element-js'));
</script>
</body>
</html>
)";
    if (!write_whole(out, html)) {
        std::fprintf(stderr, "touchpoint bundle: cannot write %s\n", out.c_str());
        return kExitUsage;
    }
    std::fprintf(stderr, "touchpoint bundle: wrote %s (%zu bytes: map %s, %llu responses)\n", out.c_str(), html.size(),
                 map->id.c_str(), static_cast<unsigned long long>(count));
    return kExitOk;
}

}  // namespace touchpoint::cli
