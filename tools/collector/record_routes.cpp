// Surveys and journey maps as records, one set of routes for both kinds: the public read
// (GET /v1/surveys/ID — what a snippet's data-surveys points at — and GET /v1/maps/ID) and the
// Studio API that saves, publishes, compares and rolls back versions. Every saved document is
// validated by the core first (parse_survey, parse_map); a refusal lists the core's diagnostics
// by JSON pointer.
//
// [SECTION] Helpers
// [SECTION] Public reads
// [SECTION] Studio API
#include "collector/http/server.hpp"
#include <nlohmann/json.hpp>

#include <mutex>

#include "collector/clock.hpp"
#include "collector/ingest.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "collector/record_routes.hpp"
#include "collector/survey_diff.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// [SECTION] Helpers ----------------------------------------------------------------------------

// What differs between the kinds: names, the id rule, and the core's validation.
struct RecordType {
    RecordKind kind;
    const char* name;    // "survey": the JSON field naming the id, and the word in messages
    const char* plural;  // "surveys": the path segment
    const char* id;      // the id pattern (the core's rule for the kind)
    // The core's verdict on a document: diagnostics in d; on success its id and content hash.
    bool (*validate)(const std::string& text, Diagnostics& d, std::string* id, std::string* hash);
};

// The core validates (its question-type registry is filled on first use: one validation at a time).
bool validate_survey(const std::string& text, Diagnostics& d, std::string* id, std::string* hash) {
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    std::unique_ptr<Survey> survey = parse_survey(text, d);
    if (!survey || d.has_errors()) return false;
    *id = survey->id;
    *hash = survey->hash;
    return true;
}


}  // namespace

bool validate_map(const std::string& text, Diagnostics& d, std::string* id, std::string* hash) {
    const std::optional<journey::Map> map = journey::parse_map(text, d);
    if (!map || d.has_errors()) return false;
    *id = map->id;
    *hash = survey_content_hash(json::parse(text, nullptr, false));  // the same canonical hash as a survey's
    return true;
}

namespace {

const RecordType kSurveyType{RecordKind::Survey, "survey", "surveys", "([A-Za-z0-9._-]{1,64})", validate_survey};
const RecordType kMapType{RecordKind::Map, "map", "maps", "([A-Za-z0-9._:-]{1,100})", validate_map};

void records_unavailable(http::Response& res) { send_error(res, 503, "", "the records could not be read or written; retry later"); }

json version_json(const RecordType& t, const RecordVersion& v, bool with_body) {
    json out = {{t.name, v.id},           {"version", v.number},   {"hash", v.hash},
                {"author", v.author},     {"created", v.created_ms}, {"published", v.published_ms}};
    if (with_body) {
        json doc = json::parse(v.body, nullptr, false);
        out["body"] = doc.is_discarded() ? json(v.body) : doc;
        out["text"] = v.body;  // exactly as saved, for a JSON view that round-trips byte for byte
    }
    return out;
}

json warnings_json(const Diagnostics& d) {
    json out = json::array();
    for (const Diagnostic& x : d.items()) {
        if (x.severity == Severity::Warning) out.push_back({{"pointer", x.pointer}, {"message", x.message}});
    }
    return out;
}

bool version_param(const std::string& text, std::int64_t* out) {
    if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    *out = std::stoll(text);
    return *out > 0;
}

// Validates and stores `text` as the next version of `id` (publishing it with `publish`) and
// answers with the version. Shared by the Studio's save, publish-from-file and roll back.
void save_version(const RecordType& t, Records& store, const std::string& id, const std::string& text, const std::string& author,
                  bool publish, http::Response& res) {
    Diagnostics d;
    std::string doc_id, hash;
    if (!t.validate(text, d, &doc_id, &hash)) {
        res.status = 400;
        res.set_content(errors_json(d), "application/json");
        return;
    }
    if (doc_id != id) return send_error(res, 400, "/id", std::string("the ") + t.name + "'s id \"" + doc_id + "\" differs from the address's \"" + id + "\"");
    RecordVersion v{id, 0, hash, author, now_ms(), 0, text};
    bool created = false;
    std::string error;
    if (!store.save(v, publish, &created, &error)) return records_unavailable(res);
    if (publish) v.published_ms = v.created_ms;
    json out = version_json(t, v, false);
    out["unchanged"] = !created;
    out["warnings"] = warnings_json(d);
    res.status = created ? 201 : 200;
    res.set_content(out.dump(), "application/json");
}

// [SECTION] Public reads -----------------------------------------------------------------------

// Any site may load a published document (it is public by being published): CORS for every
// origin, and caching validated by the content hash.
void serve_public(const RecordType& t, Records& store, const http::Request& req, http::Response& res, std::string id, std::int64_t number) {
    RecordVersion v;
    bool found = false;
    std::string error;
    if (!store.get(id, number, &v, &found, &error)) return records_unavailable(res);
    // The loader asks for BASE + ID + ".json": accept that spelling for an id without ".json".
    if (!found && id.size() > 5 && id.compare(id.size() - 5, 5, ".json") == 0) {
        id.resize(id.size() - 5);
        if (!store.get(id, number, &v, &found, &error)) return records_unavailable(res);
    }
    if (!found || v.published_ms == 0) {
        return send_error(res, 404, "", number > 0 ? std::string(t.name) + " \"" + id + "\" has no published version " + std::to_string(number)
                                                   : std::string(t.name) + " \"" + id + "\" is not published");
    }
    const std::string etag = "\"" + v.hash + "\"";
    res.set_header("ETag", etag);
    res.set_header("X-Touchpoint-Version", std::to_string(v.number));
    // The current version: revalidate after a minute (a publish reaches visitors within it). A
    // numbered version never changes.
    res.set_header("Cache-Control", number > 0 ? "public, max-age=31536000, immutable" : "public, max-age=60");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.set_content(v.body, "application/json; charset=utf-8");
}

// The public reads and the Studio API of one kind of record.
void install_record_routes(http::Server& server, Collector& c, const RecordType& t, Records& store) {
    const std::string pub = std::string("/v1/") + t.plural + "/" + t.id;
    const std::string studio = std::string("/v1/studio/") + t.plural + "/" + t.id;
    const RecordType* type = &t;
    Records* records = &store;
    server.Get(pub, [&c, type, records](const http::Request& req, http::Response& res) {
        serve_public(*type, *records, req, res, req.matches[1], 0);
    });
    server.Get(pub + "/versions/([0-9]{1,15})", [&c, type, records](const http::Request& req, http::Response& res) {
        std::int64_t n = 0;
        if (!version_param(req.matches[2], &n)) return send_error(res, 404, "", "no such version");
        serve_public(*type, *records, req, res, req.matches[1], n);
    });

    // [SECTION] Studio API ---------------------------------------------------------------------

    server.Get(std::string("/v1/studio/") + t.plural, [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        std::vector<RecordSummary> list;
        std::string error;
        if (!records->list(&list, &error)) return records_unavailable(res);
        json out = json::array();
        for (const RecordSummary& s : list) {
            out.push_back({{type->name, s.id}, {"latest", s.latest}, {"published", s.published}, {"latestHash", s.latest_hash},
                           {"publishedHash", s.published_hash}, {"author", s.author}, {"updated", s.updated_ms}});
        }
        res.set_content(json{{type->plural, out}}.dump(), "application/json");
    });

    // The version being edited (the newest), with which one is published.
    server.Get(studio, [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        const std::string id = req.matches[1];
        std::vector<RecordVersion> history;
        std::string error;
        if (!records->history(id, &history, &error)) return records_unavailable(res);
        if (history.empty()) return send_error(res, 404, "", std::string("no ") + type->name + " \"" + id + "\"");
        RecordVersion latest;
        bool found = false;
        if (!records->get(id, history.front().number, &latest, &found, &error) || !found) return records_unavailable(res);
        std::int64_t published = 0;
        if (!records->published_number(id, &published, &error)) return records_unavailable(res);
        json out = version_json(*type, latest, true);
        out["publishedVersion"] = published;
        res.set_content(out.dump(), "application/json");
    });

    // Saves a new draft version (?publish=1: and publishes it: `touchpoint publish`).
    server.Put(studio, [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_editor(c, req, res, &caller)) return;
        std::string author = caller.author;
        const std::string label = req.get_header_value("X-Touchpoint-Author");  // e.g. the CI job publishing
        if (!label.empty() && label.size() <= 100) author += " (" + label + ")";
        save_version(*type, *records, req.matches[1], req.body, author, req.get_param_value("publish") == "1", res);
    });

    // {"version": N}: makes version N the published one ({} = the newest).
    server.Post(studio + "/publish", [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_editor(c, req, res, &caller)) return;
        const std::string id = req.matches[1];
        const json body = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
        if (!body.is_object()) return send_error(res, 400, "", "expected {\"version\": N} or {}");
        std::int64_t number = 0;
        std::string error;
        if (body.contains("version")) {
            if (!body["version"].is_number_integer() || body["version"].get<std::int64_t>() < 1)
                return send_error(res, 400, "/version", "expected a version number (1, 2, ...)");
            number = body["version"].get<std::int64_t>();
        } else {
            std::vector<RecordVersion> history;
            if (!records->history(id, &history, &error)) return records_unavailable(res);
            if (history.empty()) return send_error(res, 404, "", std::string("no ") + type->name + " \"" + id + "\"");
            number = history.front().number;
        }
        bool found = false;
        if (!records->publish(id, number, now_ms(), &found, &error)) return records_unavailable(res);
        if (!found) return send_error(res, 404, "/version", std::string(type->name) + " \"" + id + "\" has no version " + std::to_string(number));
        RecordVersion v;
        if (!records->get(id, number, &v, &found, &error) || !found) return records_unavailable(res);
        res.set_content(version_json(*type, v, false).dump(), "application/json");
    });

    // {"version": N}: a new version with N's document, published at once. History only grows.
    server.Post(studio + "/rollback", [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_editor(c, req, res, &caller)) return;
        const std::string id = req.matches[1];
        const json body = json::parse(req.body, nullptr, false);
        if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer())
            return send_error(res, 400, "/version", "expected {\"version\": N}");
        RecordVersion old;
        bool found = false;
        std::string error;
        if (!records->get(id, body["version"].get<std::int64_t>(), &old, &found, &error)) return records_unavailable(res);
        if (!found) return send_error(res, 404, "/version", std::string(type->name) + " \"" + id + "\" has no such version");
        save_version(*type, *records, id, old.body, caller.author + " (roll back to " + std::to_string(old.number) + ")", true, res);
    });

    server.Get(studio + "/versions", [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        std::vector<RecordVersion> history;
        std::string error;
        if (!records->history(req.matches[1], &history, &error)) return records_unavailable(res);
        if (history.empty()) return send_error(res, 404, "", std::string("no such ") + type->name);
        std::int64_t published = 0;
        if (!records->published_number(req.matches[1], &published, &error)) return records_unavailable(res);
        json out = json::array();
        for (const RecordVersion& v : history) out.push_back(version_json(*type, v, false));
        res.set_content(json{{"versions", out}, {"publishedVersion", published}}.dump(), "application/json");
    });

    server.Get(studio + "/versions/([0-9]{1,15})", [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        std::int64_t n = 0;
        RecordVersion v;
        bool found = false;
        std::string error;
        if (!version_param(req.matches[2], &n)) return send_error(res, 404, "", "no such version");
        if (!records->get(req.matches[1], n, &v, &found, &error)) return records_unavailable(res);
        if (!found) return send_error(res, 404, "", "no such version");
        res.set_content(version_json(*type, v, true).dump(), "application/json");
    });

    // ?from=A&to=B (to defaults to the newest): what changed, by JSON pointer.
    server.Get(studio + "/diff", [&c, type, records](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        const std::string id = req.matches[1];
        std::int64_t from = 0, to = 0;
        if (!version_param(req.get_param_value("from"), &from)) return send_error(res, 400, "", "query parameter from must be a version number");
        std::string error;
        if (req.has_param("to")) {
            if (!version_param(req.get_param_value("to"), &to)) return send_error(res, 400, "", "query parameter to must be a version number");
        } else {
            std::vector<RecordVersion> history;
            if (!records->history(id, &history, &error)) return records_unavailable(res);
            if (history.empty()) return send_error(res, 404, "", std::string("no such ") + type->name);
            to = history.front().number;
        }
        RecordVersion a, b;
        bool found_a = false, found_b = false;
        if (!records->get(id, from, &a, &found_a, &error) || !records->get(id, to, &b, &found_b, &error)) return records_unavailable(res);
        if (!found_a || !found_b) return send_error(res, 404, "", "no such version");
        const json before = json::parse(a.body, nullptr, false), after = json::parse(b.body, nullptr, false);
        res.set_content(json{{"from", from}, {"to", to}, {"changes", survey_diff(before, after)}}.dump(), "application/json");
    });
}

}  // namespace

void install_survey_routes(http::Server& server, Collector& c) {
    install_record_routes(server, c, kSurveyType, *c.records);
    install_studio_session_routes(server, c);
    // Studio's preview sends a finished response here instead of to the survey's endpoint: it is
    // acknowledged (so the preview's queue empties) and discarded unread.
    server.Post("/v1/studio/preview-sink", [](const http::Request&, http::Response& res) { res.status = 204; });
}

void install_map_records(http::Server& server, Collector& c) { install_record_routes(server, c, kMapType, *c.maps); }

}  // namespace touchpoint::collector
