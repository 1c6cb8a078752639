// Request body -> records (see ingest.hpp).
//
// [SECTION] JSON helpers
// [SECTION] Payload validation
// [SECTION] Shapes: payload, CloudEvent, batches
// [SECTION] Entry point
#include "collector/ingest.hpp"

#include <nlohmann/json.hpp>

#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/response/cloudevent.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/response/validate.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// [SECTION] JSON helpers -----------------------------------------------------------------------

// A collector limit, not a schema rule: refuse absurd nesting before anything recurses over it.
constexpr int kMaxDepth = 32;
bool too_deep(const json& v, int depth) {
    if (depth > kMaxDepth) return true;
    if (v.is_object() || v.is_array()) {
        for (const json& child : v) {
            if (too_deep(child, depth + 1)) return true;
        }
    }
    return false;
}

const json* member(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string string_member(const json& obj, const char* key) {
    const json* v = member(obj, key);
    return v && v->is_string() ? v->get_ref<const std::string&>() : std::string();
}

// [SECTION] Payload validation -----------------------------------------------------------------

// The core's response/1 validator; its pointers are relative to the payload, ours to the body.
// Warnings (unknown members from a newer producer) do not refuse the response.
void validate_payload(const json& p, const std::string& at, Diagnostics& d) {
    if (!p.is_object()) {
        d.error(at, "a response must be a JSON object");
        return;
    }
    const Diagnostics found = validate_response(p);
    for (const Diagnostic& item : found.items()) {
        if (item.severity == Severity::Error) d.error(at + item.pointer, item.message);
    }
}

// [SECTION] Shapes: payload, CloudEvent, batches ----------------------------------------------

bool looks_like_cloudevent(const json& v) { return v.is_object() && v.contains("specversion"); }

// CloudEvents are checked and unwrapped by the core (touchpoint/response/cloudevent.hpp), which
// owns the specification's rules; this file only routes the body's items to it.

Record make_record(const json& p, bool alerts) {
    Record r;
    r.payload = p.dump();  // nlohmann objects keep keys sorted: this dump is canonical
    r.hash = sha256_hex(r.payload);
    r.id = string_member(p, members::payload::id);
    if (const json* s = member(p, members::payload::survey)) r.survey = string_member(*s, members::survey::id);
    if (const json* j = member(p, members::payload::journey)) r.map = string_member(*j, members::journey::map);
    r.rollup = rollup_facts_of(p);
    const json* alert = member(p, members::payload::alert);
    if (alerts && alert && alert->is_object()) {
        json body = {{"type", "dev.touchpoint.alert.v1"}, {"alert", *alert}, {"response", p}};  // the alert hook's body
        r.alert_body = body.dump();
    }
    return r;
}

enum class Expect { Payloads, Event, Events, Sniff };

// One item of the body: a payload or (by shape or content type) a CloudEvent.
void take_item(const json& item, const std::string& at, bool event, IngestResult& out, const IngestLimits& limits) {
    const json* payload = &item;
    std::string payload_at = at;
    json unwrapped;
    if (event) {
        if (!unwrap_cloudevent(item, at, unwrapped, out.diagnostics)) return;
        payload = &unwrapped;
        // Pointers into a payload that came base64-encoded name the encoded member.
        payload_at = pointer_join(at, item.contains("data") ? "data" : "data_base64");
    }
    const std::size_t before = out.diagnostics.error_count();
    validate_payload(*payload, payload_at, out.diagnostics);
    if (out.diagnostics.error_count() == before) out.records.push_back(make_record(*payload, limits.alerts));
}

}  // namespace

// [SECTION] Entry point ------------------------------------------------------------------------

IngestResult parse_ingest_body(std::string_view content_type, std::string_view body, const IngestLimits& limits) {
    IngestResult out;
    const std::string type = media_type_essence(std::string(content_type));
    Expect expect;
    if (type == "application/json") expect = Expect::Payloads;
    else if (type == "application/cloudevents+json") expect = Expect::Event;
    else if (type == "application/cloudevents-batch+json") expect = Expect::Events;
    else if (type == "text/plain" || type.empty()) expect = Expect::Sniff;
    else {
        out.status = 415;
        out.diagnostics.error("", "unsupported content type \"" + type +
                                      "\": send application/json, application/cloudevents+json, "
                                      "application/cloudevents-batch+json or text/plain");
        return out;
    }
    json doc;
    if (!parse_json(body, doc, out.diagnostics, "the body")) {
        out.status = 400;
        return out;
    }
    if (too_deep(doc, 0)) {
        out.status = 400;
        out.diagnostics.error("", "the body nests deeper than " + std::to_string(kMaxDepth) + " levels");
        return out;
    }
    if (expect == Expect::Event && !doc.is_object()) {
        out.status = 400;
        out.diagnostics.error("", "application/cloudevents+json must be one event object (use application/cloudevents-batch+json for arrays)");
        return out;
    }
    if (expect == Expect::Events && !doc.is_array()) {
        out.status = 400;
        out.diagnostics.error("", "application/cloudevents-batch+json must be a JSON array of events");
        return out;
    }
    if (doc.is_array()) {
        // The JSON batch format calls an empty batch valid: nothing to store, 200. A plain JSON
        // array of payloads has no such rule, and an empty one is most likely a client bug.
        if (doc.empty() && expect == Expect::Events) {
            out.batch = true;
            return out;
        }
        if (doc.empty()) {
            out.status = 400;
            out.diagnostics.error("", "the batch is empty");
            return out;
        }
        if (doc.size() > limits.max_batch) {
            out.status = 413;
            out.diagnostics.error("", "a batch holds at most " + std::to_string(limits.max_batch) + " responses, this one " +
                                          std::to_string(doc.size()));
            return out;
        }
        out.batch = true;
        out.records.reserve(doc.size());
        for (std::size_t i = 0; i < doc.size(); ++i) {
            const json& item = doc[i];
            const bool event = expect == Expect::Events || (expect == Expect::Sniff && looks_like_cloudevent(item));
            take_item(item, pointer_join("", i), event, out, limits);
        }
    } else {
        const bool event = expect == Expect::Event || (expect == Expect::Sniff && looks_like_cloudevent(doc));
        take_item(doc, "", event, out, limits);
    }
    if (out.diagnostics.has_errors()) {
        out.status = 400;
        out.records.clear();
    }
    return out;
}

std::string errors_json(const Diagnostics& diagnostics) {
    json errors = json::array();
    for (const Diagnostic& d : diagnostics.items()) {
        if (d.severity != Severity::Error) continue;
        errors.push_back({{"pointer", d.pointer}, {"message", d.message}});
    }
    return json{{"errors", errors}}.dump();
}

std::string error_json(std::string_view pointer, std::string_view message) {
    Diagnostics d;
    d.error(std::string(pointer), std::string(message));
    return errors_json(d);
}

}  // namespace touchpoint::collector
