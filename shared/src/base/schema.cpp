// write_json_schema (see schema.hpp): rows to JSON Schema draft 2020-12. The built-in value kinds
// (text, id, expression, url) are written once under $defs and referred to.
#include "touchpoint/base/schema.hpp"

#include <string>

#include "touchpoint/base/json_text.hpp"

namespace touchpoint::schema {
namespace {

using nlohmann::ordered_json;

// The core's rules for these kinds, as patterns: base/locale.cpp (locale_tag_valid), the id rule
// of the readers (fields::valid_id, the response validator's is_identifier).
constexpr const char* kLocalePattern = "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$";
constexpr const char* kIdPattern = "^[A-Za-z0-9_.-]{1,64}$";
constexpr const char* kUrlPattern = "^(https?://.+|/([^/].*)?)$";

ordered_json builtin(const std::string& name, long long text_max_chars) {
    if (name == "text") {
        return {{"description",
                 "A text: one string for every locale, or a map of locale tag to string (the survey's "
                 "locales; the default locale's text is used where one is missing)."},
                {"anyOf",
                 {{{"type", "string"}, {"maxLength", text_max_chars}},
                  {{"type", "object"},
                   {"minProperties", 1},
                   {"propertyNames", {{"pattern", kLocalePattern}, {"maxLength", 35}}},
                   {"additionalProperties", {{"type", "string"}, {"maxLength", text_max_chars}}}}}}};
    }
    if (name == "id") return {{"type", "string"}, {"pattern", kIdPattern}};
    if (name == "expression")
        return {{"type", "string"},
                {"description", "An expression (docs/expressions.md), e.g. \"nps <= 6 and !empty(why)\"."}};
    if (name == "url")
        return {{"type", "string"},
                {"maxLength", 2000},
                {"pattern", kUrlPattern},
                {"description", "An http(s) URL, or a path on the page's own origin starting with '/'."}};
    if (name == "locale") return {{"type", "string"}, {"pattern", kLocalePattern}, {"maxLength", 35}};
    return {{"type", "string"}};  // "string"
}

bool is_builtin(const std::string& name) {
    return name == "text" || name == "id" || name == "expression" || name == "url" || name == "locale" ||
           name == "string";
}

struct Writer {
    long long text_max_chars;
    ordered_json defs = ordered_json::object();

    ordered_json ref_to(const std::string& name) {
        if (name == "string") return {{"type", "string"}};
        if (is_builtin(name) && !defs.contains(name)) defs[name] = builtin(name, text_max_chars);
        return {{"$ref", "#/$defs/" + name}};
    }

    ordered_json value(const Field& f) {
        ordered_json out;
        const bool has_min = f.min != kNone, has_max = f.max != kNone;
        switch (f.type) {
            case Type::String:
                out["type"] = "string";
                if (has_min) out["minLength"] = f.min;
                if (has_max) out["maxLength"] = f.max;
                break;
            case Type::Id:
                out = ref_to("id");
                break;
            case Type::Text:
                out = ref_to("text");
                break;
            case Type::Expression:
                out = ref_to("expression");
                break;
            case Type::Url:
                out = ref_to("url");
                break;
            case Type::Integer:
            case Type::Number:
                out["type"] = f.type == Type::Integer ? "integer" : "number";
                if (has_min) out["minimum"] = f.min;
                if (has_max) out["maximum"] = f.max;
                break;
            case Type::Boolean:
                out["type"] = "boolean";
                break;
            case Type::Object:
                out = ref_to(f.ref);
                break;
            case Type::Array:
                out["type"] = "array";
                out["items"] = ref_to(f.ref);
                if (has_min) out["minItems"] = f.min;
                if (has_max) out["maxItems"] = f.max;
                break;
            case Type::Map:
                out["type"] = "object";
                out["additionalProperties"] = ref_to(f.ref);
                break;
            case Type::Raw:
                parse_json(f.ref, out);
                break;
        }
        if (f.values) {
            ordered_json allowed = ordered_json::array();
            for (const char* const* v = f.values; *v; ++v) allowed.push_back(*v);
            if (allowed.size() == 1)
                out["const"] = allowed[0];
            else
                out["enum"] = allowed;
        }
        // A $ref with siblings is fine in 2020-12; the description is what an editor shows on hover.
        if (f.description && *f.description) {
            ordered_json described = {{"description", f.description}};
            described.update(out);
            out = described;
        }
        return out;
    }

    void add_fields(ordered_json& properties, ordered_json& required, const Field* fields,
                    std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            properties[fields[i].name] = value(fields[i]);
            if (fields[i].required) required.push_back(fields[i].name);
        }
    }

    ordered_json object(const Shape& s) {
        ordered_json out;
        if (s.description && *s.description) out["description"] = s.description;
        out["type"] = "object";
        ordered_json properties = ordered_json::object(), required = ordered_json::array();
        add_fields(properties, required, s.fields, s.count);
        if (s.tag) {
            // The tag's allowed values are the variants; each variant's fields apply when it matches.
            ordered_json kinds = ordered_json::array();
            for (std::size_t v = 0; v < s.variant_count; ++v) kinds.push_back(s.variants[v].value);
            properties[s.tag]["enum"] = kinds;
        }
        out["properties"] = properties;
        if (!required.empty()) out["required"] = required;
        if (s.tag) {
            ordered_json all = ordered_json::array();
            for (std::size_t v = 0; v < s.variant_count; ++v) {
                const Variant& variant = s.variants[v];
                ordered_json when = {{"properties", {{s.tag, {{"const", variant.value}}}}},
                                     {"required", {s.tag}}};
                ordered_json then = ordered_json::object();
                if (variant.description && *variant.description) then["description"] = variant.description;
                ordered_json vp = ordered_json::object(), vr = ordered_json::array();
                add_fields(vp, vr, variant.fields, variant.count);
                then["properties"] = vp;
                if (!vr.empty()) then["required"] = vr;
                if (variant.example) parse_json(variant.example, then["examples"][0]);
                all.push_back({{"if", when}, {"then", then}});
            }
            out["allOf"] = all;
            if (s.closed) out["unevaluatedProperties"] = false;
        } else if (s.closed) {
            out["additionalProperties"] = false;
        }
        return out;
    }
};

}  // namespace

ordered_json write_json_schema(const Document& doc) {
    Writer w{doc.text_max_chars};
    ordered_json out = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                        {"$id", doc.id},
                        {"title", doc.title},
                        {"description", doc.description}};
    // Shapes first, in table order, so the built-in kinds they use follow them.
    for (std::size_t i = 0; i < doc.shape_count; ++i) w.defs[doc.shapes[i]->name] = nullptr;
    ordered_json root = w.object(*doc.root);
    for (std::size_t i = 0; i < doc.shape_count; ++i) w.defs[doc.shapes[i]->name] = w.object(*doc.shapes[i]);
    for (auto it = root.begin(); it != root.end(); ++it)
        if (it.key() != "description") out[it.key()] = it.value();
    out["$defs"] = w.defs;
    return out;
}

}  // namespace touchpoint::schema
