// Field tables: a document format described as compile-time rows (name, type, required, range,
// allowed values, description), and the writer that turns them into a JSON Schema (draft 2020-12).
// Each format's table lives beside its reader (survey/, response/, journey/) in its own source
// file, so only the programs that print schemas (the CLI) link the tables and their descriptions;
// the widget's engine does not. tests/schema/agreement.test.mjs checks that the core's readers
// accept exactly what the schemas accept.
#pragma once
#include <climits>
#include <cstddef>

#include <nlohmann/json.hpp>

namespace touchpoint::schema {

enum class Type : unsigned char {
    String,      // text of at most `max` characters (min: at least); `values`: one of them
    Id,          // an identifier: 1–64 of A-Z a-z 0-9 _ . -
    Text,        // a string, or a map of locale tag to string (a translated text)
    Expression,  // an expression string (docs/expressions.md)
    Url,         // an http(s) URL, or a path starting with one '/'
    Integer,     // a whole number in min..max
    Number,      // any number (min..max when given)
    Boolean,
    Object,  // an object of shape `ref`
    Array,   // items of `ref` (a shape or a built-in: id, text, string, expression); min..max items
    Map,     // an object whose members are all `ref` (its keys free)
    Raw,     // `ref` is a JSON Schema literal (for the few fields no row above describes)
};

constexpr long long kNone = LLONG_MIN;  // no bound
// A bound from one of a reader's size limits (journey::Limits, SurveyLimits).
constexpr long long limit(std::size_t n) { return static_cast<long long>(n); }

// A lowercase UUID v4, as base/uuid.hpp makes them and is_uuid_v4 accepts them (a response's id, a
// display batch's id): a Raw row's JSON Schema literal.
constexpr const char* kUuidV4 =
    R"({"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"})";

struct Field {
    const char* name;
    Type type;
    bool required;
    long long min;
    long long max;
    const char* const* values;  // allowed strings, nullptr-terminated; nullptr = any
    const char* ref;            // see Type
    const char* description;
};

// One kind of a tagged object: the fields an object has when its `tag` member equals `value`.
// `example`: the smallest valid object of this kind, as an editor starts one (a JSON literal,
// written as the kind's "examples"; Studio's new question is it), or nullptr.
struct Variant {
    const char* value;
    const Field* fields;
    std::size_t count;
    const char* description;
    const char* example = nullptr;
};

// One JSON object. `closed`: members not listed are flagged (the core warns that it ignores them).
struct Shape {
    const char* name;  // its key under $defs
    const char* description;
    const Field* fields;
    std::size_t count;
    bool closed;
    const char* tag = nullptr;  // with variants: the member naming the kind
    const Variant* variants = nullptr;
    std::size_t variant_count = 0;
};

struct Document {
    const char* id;  // the schema's $id
    const char* title;
    const char* description;
    const Shape* root;
    const Shape* const* shapes;  // every other shape referred to (written under $defs)
    std::size_t shape_count;
    long long text_max_chars;  // the longest text (Type::Text) the reader accepts
};

// The JSON Schema (draft 2020-12) of `doc`.
nlohmann::ordered_json write_json_schema(const Document& doc);

}  // namespace touchpoint::schema
