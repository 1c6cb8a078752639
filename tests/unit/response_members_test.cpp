// The response/1 member table (touchpoint/response/members.def) against the code: what the writer
// writes, what the validator accepts, and the built-in scores (builtin_scores.def). The JSON Schema
// the table generates is the walk's map (response_schema.cpp); tests/cli/schema.test.sh checks that
// docs/schema/response-1.json is that schema.
#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <string>

#include "touchpoint/response/members.hpp"
#include "touchpoint/response/schema.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/survey/scales.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

// A survey that makes the writer write every optional member it has: all three built-in scores, a
// custom score with bands, a hidden field, a journey, every context field, an alert.
std::shared_ptr<const Survey> every_member_survey() {
    Diagnostics d;
    std::shared_ptr<const Survey> s(parse_survey(R"({
      "touchpoint": "survey/1", "id": "every-member", "version": "1", "locales": ["en"],
      "fields": [{"id": "campaign"}],
      "questions": [
        {"id": "nps", "type": "nps", "title": "How likely?"},
        {"id": "csat", "type": "csat", "title": "How satisfied?"},
        {"id": "ces", "type": "ces", "title": "How easy?", "scale": 10}
      ],
      "scores": [{"id": "loyalty", "weights": {"nps": 1},
                  "bands": [{"id": "low", "label": "Low"}, {"id": "high", "min": 8, "label": "High"}]}],
      "journey": {"map": "support", "stage": "resolve", "touchpoint": "ticket-closed"},
      "delivery": {"endpoint": "/api/responses", "alerts": {"endpoint": "/api/alerts", "on": ["detractor"]}},
      "privacy": {"context": ["page", "respondent", "segment.plan"]}
    })", d));
    CAPTURE(d.to_string());
    REQUIRE(s);
    return s;
}

json written_payload() {
    static const std::shared_ptr<const Survey> survey = every_member_survey();
    const json answers = {{"nps", 3}, {"csat", 2}, {"ces", 7}};
    const json fields = {{"campaign", "spring"}};
    const ResponseDraft draft{*survey, answers, "zh-CN", true, &fields};
    const json context = {{"page", "/help?id=1"},       {"now_ms", 1763874123456LL}, {"respondent", "user-42"},
                          {"key", "site-secret"},       {"segment", {{"plan", "pro"}}}};
    json p;
    Diagnostics d;
    REQUIRE(build_payload(draft, context, "0123456789abcdef0123456789abcdef", p, d));
    return p;
}

const schema::Shape& shape_named(const char* name) {
    const schema::Document& doc = response_schema();
    for (std::size_t i = 0; i < doc.shape_count; ++i)
        if (std::strcmp(doc.shapes[i]->name, name) == 0) return *doc.shapes[i];
    FAIL("no shape " << name << " in the response/1 schema");
    return *doc.root;
}

// Calls visit(pointer, object, shape) for the payload and every object in it that the table gives
// a shape (survey, scores, each score, journey, context, alert).
void each_object(const json& obj, const std::string& ptr, const schema::Shape& shape,
                 const std::function<void(const std::string&, const json&, const schema::Shape&)>& visit) {
    visit(ptr, obj, shape);
    for (std::size_t i = 0; i < shape.count; ++i) {
        const schema::Field& f = shape.fields[i];
        auto it = obj.find(f.name);
        if (it == obj.end()) continue;
        const std::string at = ptr + "/" + f.name;
        if (f.type == schema::Type::Object) each_object(*it, at, shape_named(f.ref), visit);
        if (f.type == schema::Type::Map)
            for (auto entry = it->begin(); entry != it->end(); ++entry)
                each_object(*entry, at + "/" + entry.key(), shape_named(f.ref), visit);
    }
}

const schema::Field* field_of(const schema::Shape& shape, const std::string& name) {
    for (std::size_t i = 0; i < shape.count; ++i)
        if (name == shape.fields[i].name) return &shape.fields[i];
    return nullptr;
}

}  // namespace

TEST_CASE("the table's JSON Schema has one property per row of members.def", "[response][members]") {
    const schema::Document& doc = response_schema();
    std::size_t properties = doc.root->count;
    for (std::size_t i = 0; i < doc.shape_count; ++i) properties += doc.shapes[i]->count;
    CHECK(properties == std::size(members::kRows));
    // The generated schema lists the payload's members in the table's order.
    const nlohmann::ordered_json written = schema::write_json_schema(doc);
    std::vector<std::string> listed, rows;
    for (const auto& [name, value] : written["properties"].items()) listed.push_back(name);
    for (const members::Row& row : members::kRows)
        if (std::strcmp(row.shape, "payload") == 0) rows.push_back(row.name);
    CHECK(listed == rows);
}

TEST_CASE("the writer writes only members the table lists, and every required one", "[response][members]") {
    const json p = written_payload();
    std::vector<std::string> shapes_seen;
    each_object(p, "", *response_schema().root, [&](const std::string& ptr, const json& obj, const schema::Shape& shape) {
        INFO("at " << (ptr.empty() ? "/" : ptr) << " (" << shape.name << ")");
        REQUIRE(obj.is_object());
        shapes_seen.push_back(shape.name);
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            CAPTURE(it.key());
            CHECK(field_of(shape, it.key()) != nullptr);
        }
        for (std::size_t i = 0; i < shape.count; ++i) {
            CAPTURE(shape.fields[i].name);
            if (shape.fields[i].required) CHECK(obj.contains(shape.fields[i].name));
        }
    });
    // Every shape of the table was written (so every one was checked above).
    CHECK(shapes_seen.size() == 1 + response_schema().shape_count);
    CHECK(validate_response(p).items().empty());
}

TEST_CASE("the validator flags a member the table does not list, at its pointer, in every shape",
          "[response][members]") {
    const json written = written_payload();
    std::size_t objects = 0;
    each_object(written, "", *response_schema().root, [&](const std::string& ptr, const json&, const schema::Shape& shape) {
        ++objects;
        json p = written;
        p[json::json_pointer(ptr + "/not_in_table")] = 1;
        const Diagnostics d = validate_response(p);
        INFO("unknown member at " << ptr << "/not_in_table (" << shape.name << ")");
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].pointer == ptr + "/not_in_table");
        CHECK(d.items()[0].message == "unknown member \"not_in_table\" is ignored");
        // And every required member of the shape, taken away, is an error at its own pointer.
        for (std::size_t i = 0; i < shape.count; ++i) {
            if (!shape.fields[i].required) continue;
            json q = written;
            q[json::json_pointer(ptr)].erase(shape.fields[i].name);
            const std::string at = ptr + "/" + shape.fields[i].name;
            bool reported = false;
            const Diagnostics found = validate_response(q);
            for (const Diagnostic& item : found.items())
                reported = reported || (item.severity == Severity::Error && item.pointer == at);
            INFO("without " << at);
            CHECK(reported);
        }
    });
    CHECK(objects >= 1 + response_schema().shape_count);
}

TEST_CASE("each member's pointer constant names where the writer puts it", "[response][members]") {
    const json p = written_payload();  // every shape written (the test above)
    std::size_t checked = 0;
    for (const members::Row& row : members::kRows) {
        CAPTURE(row.shape, row.name);
        if (std::strcmp(row.shape, "custom") == 0) {  // under each score's own id: no fixed pointer
            CHECK(row.pointer == nullptr);
            continue;
        }
        REQUIRE(row.pointer != nullptr);
        const std::string pointer = row.pointer;
        const std::size_t slash = pointer.rfind('/');
        CHECK(pointer.substr(slash + 1) == row.name);
        // The parent is the object of the row's shape: it holds the member, or may (optional ones).
        const json& parent = p.at(json::json_pointer(pointer.substr(0, slash)));
        REQUIRE(parent.is_object());
        if (row.required) CHECK(parent.contains(row.name));
        ++checked;
    }
    CHECK(checked > 0);
    CHECK(std::string(members::pointer::nps::value) == "/scores/nps/value");
}

TEST_CASE("every built-in score is its row of builtin_scores.def and a member of scores", "[response][members]") {
    std::size_t rows = 0;
#define TP_BUILTIN_SCORE(key, Enum)                                                         \
    {                                                                                       \
        ++rows;                                                                             \
        CHECK(std::string(builtin_score_key(BuiltinScore::Enum)) == #key);                  \
        bool in_scores = false;                                                             \
        for (const members::Row& row : members::kRows)                                      \
            in_scores = in_scores || (std::strcmp(row.shape, "scores") == 0 && #key == std::string(row.name)); \
        CHECK(in_scores);                                                                   \
    }
#include "touchpoint/survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE
    // The enum is generated from the rows: None, then one value per row, each with its key.
    CHECK(std::string(builtin_score_key(BuiltinScore::None)).empty());
    for (std::size_t i = 1; i <= rows; ++i) CHECK_FALSE(std::string(builtin_score_key(static_cast<BuiltinScore>(i))).empty());
}

TEST_CASE("every row of the table is a member some writer writes", "[response][members]") {
    const json p = written_payload();  // every optional member the writer has
    for (const members::Row& row : members::kRows) {
        CAPTURE(row.shape, row.name);
        if (std::strcmp(row.shape, "custom") == 0) {  // each custom score, under its own id
            const json& custom = p.at(json::json_pointer(members::pointer::scores::custom));
            REQUIRE_FALSE(custom.empty());
            for (auto score = custom.begin(); score != custom.end(); ++score) CHECK(score->contains(row.name));
        } else {
            CHECK(p.contains(json::json_pointer(row.pointer)));
        }
    }
}
