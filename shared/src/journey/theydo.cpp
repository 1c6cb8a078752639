// TheyDo-style metrics JSON <-> journey/1 maps (shape documented in interchange.hpp): phases are
// stages, steps are touchpoints, metrics keep their scope, target and last value (as baseline).
#include "touchpoint/journey/interchange.hpp"

namespace touchpoint::journey {
namespace {

const char* theydo_type(MetricKind k) {
    switch (k) {
        case MetricKind::Nps: return "NPS";
        case MetricKind::Csat: return "CSAT";
        case MetricKind::Ces: return "CES";
        case MetricKind::Custom: return "CUSTOM";
    }
    return "CUSTOM";
}

std::optional<MetricKind> kind_from_theydo(std::string_view s) {
    if (s == "NPS") return MetricKind::Nps;
    if (s == "CSAT") return MetricKind::Csat;
    if (s == "CES") return MetricKind::Ces;
    if (s == "CUSTOM") return MetricKind::Custom;
    return std::nullopt;
}

const Json* field(const Json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}

}  // namespace

std::string to_theydo(const Map& map, std::string_view locale) {
    Json journey = Json::object();
    journey["id"] = map.id;
    journey["name"] = std::string(map.meta.title.get(locale));
    journey["state"] = map.meta.state == MapState::Future ? "FUTURE" : "CURRENT";
    if (!map.meta.owner.empty()) journey["owner"] = map.meta.owner;
    Json personas = Json::array();
    for (const Persona& p : map.personas) {
        Json o = {{"id", p.id}, {"name", std::string(p.name.get(locale))}};
        if (!p.role.empty()) o["role"] = p.role;
        personas.push_back(std::move(o));
    }
    journey["personas"] = std::move(personas);
    Json phases = Json::array();
    for (const Stage& s : map.stages) {
        Json steps = Json::array();
        for (const Touchpoint& t : map.touchpoints) {
            if (t.stage != s.id) continue;
            Json step = {{"id", t.id}, {"name", std::string(t.title.get(locale))}};
            if (!t.channel.empty()) step["channel"] = t.channel;
            if (!t.owner.empty()) step["owner"] = t.owner;
            if (t.layer == Layer::Back) step["backstage"] = true;
            steps.push_back(std::move(step));
        }
        phases.push_back({{"id", s.id}, {"name", std::string(s.title.get(locale))}, {"steps", std::move(steps)}});
    }
    journey["phases"] = std::move(phases);
    Json metrics = Json::array();
    for (const Metric& m : map.metrics) {
        Json o = Json::object();
        o["id"] = m.id;
        o["name"] = m.title.empty() ? std::string(theydo_type(m.kind)) : std::string(m.title.get(locale));
        o["type"] = theydo_type(m.kind);
        if (!m.unit.empty()) o["unit"] = m.unit;
        if (m.target) o["target"] = *m.target;
        if (m.baseline) o["value"] = *m.baseline;
        o["scope"] = m.touchpoint.empty() ? Json{{"phaseId", m.stage}} : Json{{"stepId", m.touchpoint}};
        if (!m.survey.empty() || !m.question.empty()) {
            Json src = Json::object();
            if (!m.survey.empty()) src["survey"] = m.survey;
            if (!m.question.empty()) src["question"] = m.question;
            o["source"] = std::move(src);
        }
        metrics.push_back(std::move(o));
    }
    Json doc = {{"journey", std::move(journey)}, {"metrics", std::move(metrics)}};
    return doc.dump(2, ' ', false, Json::error_handler_t::replace);
}

// Converts to a journey/1 document and lets the journey/1 parser do the validation, so the
// rules (ids, references, limits) are the same; pointers are translated back to TheyDo paths
// where the structure differs.
std::optional<Map> from_theydo(std::string_view json_text, Diagnostics& diags) {
    if (json_text.size() > Limits{}.max_bytes) {
        diags.error("", "the file is larger than the limit of " + std::to_string(Limits{}.max_bytes) + " bytes");
        return std::nullopt;
    }
    const Json doc = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        diags.error("", "not a JSON object");
        return std::nullopt;
    }
    const Json* journey = field(doc, "journey");
    if (!journey || !journey->is_object()) {
        diags.error("/journey", "missing \"journey\" object");
        return std::nullopt;
    }
    const std::size_t errors_before = diags.error_count();
    Json out = Json::object();
    out["touchpoint"] = "journey/1";
    if (const Json* id = field(*journey, "id")) out["id"] = *id;
    else diags.error("/journey/id", "missing \"id\"");
    Json meta = Json::object();
    if (const Json* name = field(*journey, "name")) meta["title"] = *name;
    else diags.error("/journey/name", "missing \"name\"");
    if (const Json* st = field(*journey, "state")) {
        if (*st == "FUTURE") meta["state"] = "future";
        else if (*st == "CURRENT") meta["state"] = "current";
        else diags.error("/journey/state", "state must be \"CURRENT\" or \"FUTURE\"");
    }
    if (const Json* owner = field(*journey, "owner")) meta["owner"] = *owner;
    out["meta"] = std::move(meta);
    if (const Json* personas = field(*journey, "personas")) {
        if (!personas->is_array()) diags.error("/journey/personas", "expected an array");
        else {
            Json arr = Json::array();
            for (const Json& p : *personas) {
                if (!p.is_object()) { arr.push_back(p); continue; }
                Json o = Json::object();
                if (const Json* v = field(p, "id")) o["id"] = *v;
                if (const Json* v = field(p, "name")) o["name"] = *v;
                if (const Json* v = field(p, "role")) o["role"] = *v;
                arr.push_back(std::move(o));
            }
            out["personas"] = std::move(arr);
        }
    }
    Json stages = Json::array(), touchpoints = Json::array();
    const Json* phases = field(*journey, "phases");
    if (!phases || !phases->is_array()) {
        diags.error("/journey/phases", "expected an array of phases");
    } else {
        for (std::size_t i = 0; i < phases->size(); ++i) {
            const Json& ph = (*phases)[i];
            const std::string pp = pointer_join("/journey/phases", i);
            if (!ph.is_object()) { diags.error(pp, "expected an object"); continue; }
            Json s = Json::object();
            if (const Json* v = field(ph, "id")) s["id"] = *v;
            if (const Json* v = field(ph, "name")) s["title"] = *v;
            stages.push_back(s);
            const Json* steps = field(ph, "steps");
            if (!steps) continue;
            if (!steps->is_array()) { diags.error(pp + "/steps", "expected an array"); continue; }
            for (std::size_t k = 0; k < steps->size(); ++k) {
                const Json& step = (*steps)[k];
                if (!step.is_object()) { diags.error(pointer_join(pp + "/steps", k), "expected an object"); continue; }
                Json t = Json::object();
                if (const Json* v = field(step, "id")) t["id"] = *v;
                if (s.contains("id")) t["stage"] = s["id"];
                if (const Json* v = field(step, "name")) t["title"] = *v;
                if (const Json* v = field(step, "channel")) t["channel"] = *v;
                if (const Json* v = field(step, "owner")) t["owner"] = *v;
                if (const Json* v = field(step, "backstage"); v && v->is_boolean() && v->get<bool>()) t["layer"] = "back";
                touchpoints.push_back(std::move(t));
            }
        }
    }
    out["stages"] = std::move(stages);
    out["touchpoints"] = std::move(touchpoints);
    Json metrics = Json::array();
    if (const Json* ms = field(doc, "metrics")) {
        if (!ms->is_array()) diags.error("/metrics", "expected an array");
        else
            for (std::size_t i = 0; i < ms->size(); ++i) {
                const Json& m = (*ms)[i];
                const std::string mp = pointer_join("/metrics", i);
                if (!m.is_object()) { diags.error(mp, "expected an object"); continue; }
                Json o = Json::object();
                if (const Json* v = field(m, "id")) o["id"] = *v;
                const Json* type = field(m, "type");
                std::optional<MetricKind> kind;
                if (type && type->is_string()) kind = kind_from_theydo(type->get_ref<const std::string&>());
                if (!kind) diags.error(mp + "/type", "type must be NPS, CSAT, CES or CUSTOM");
                o["kind"] = to_string(kind.value_or(MetricKind::Custom));
                if (const Json* v = field(m, "name")) o["title"] = *v;
                const Json* scope = field(m, "scope");
                if (scope && scope->is_object() && field(*scope, "stepId")) o["touchpoint"] = *field(*scope, "stepId");
                else if (scope && scope->is_object() && field(*scope, "phaseId")) o["stage"] = *field(*scope, "phaseId");
                else diags.error(mp + "/scope", "expected {\"phaseId\": ...} or {\"stepId\": ...}");
                if (const Json* src = field(m, "source"); src && src->is_object()) {
                    if (const Json* v = field(*src, "survey")) o["survey"] = *v;
                    if (const Json* v = field(*src, "question")) o["question"] = *v;
                }
                if (const Json* v = field(m, "target")) o["target"] = *v;
                if (const Json* v = field(m, "value")) o["baseline"] = *v;
                if (const Json* v = field(m, "unit")) o["unit"] = *v;
                metrics.push_back(std::move(o));
            }
    }
    if (!metrics.empty()) out["metrics"] = std::move(metrics);
    if (diags.error_count() > errors_before) return std::nullopt;
    // Validate through the journey/1 parser; its pointers refer to the converted document,
    // so prefix them to say so.
    Diagnostics inner;
    auto map = map_from_json(out, inner);
    for (const Diagnostic& d : inner.items()) {
        const std::string msg = "(as journey/1 " + (d.pointer.empty() ? std::string("/") : d.pointer) + ") " + d.message;
        if (d.severity == Severity::Error) diags.error(d.pointer, msg);
        else diags.warning(d.pointer, msg);
    }
    return map;
}

}  // namespace touchpoint::journey
